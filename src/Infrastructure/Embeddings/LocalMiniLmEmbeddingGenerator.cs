using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>all-MiniLM-L6-v2 in process (ONNX, 384 dimensions): embeddings with no network and no API key.</summary>
public sealed class LocalMiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    /// <summary>Texts per model run. The model's working memory grows with batch size times the square of the longest
    /// text: runs of 16 texts of similar length took 30 % less CPU and 80 MB less peak memory than runs of 32 on 6,000
    /// profile texts, and far less than one run per scoring batch. With two runs at once (<see cref="ModelThreads"/>),
    /// runs of 16 peaked at 620 MB in a 10,000-prospect campaign, runs of 8 at 594 MB with less CPU.</summary>
    public const int RunSize = 8;

    private readonly Lazy<MiniLmModel> _model = new(CreateModel, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly EmbeddingGeneratorMetadata _metadata = new("local-minilm", defaultModelId: ModelId, defaultModelDimensions: Dimensions);

    /// <summary>What the model thread is asked to embed, and where the vectors go.</summary>
    private sealed record Request(string[] Texts, TaskCompletionSource<float[][]> Vectors, CancellationToken Cancellation);

    // Every model run happens on threads of the model's own, below normal priority: scoring is the heaviest and least
    // urgent work in the process, so requests to the API and the pipeline's short steps go first when the cores
    // are busy, and the model still gets all the CPU nobody else wants. The model thread takes the requests; its
    // helpers share the runs of what it took.
    private readonly BlockingCollection<Request> _requests = new();
    private readonly Lazy<Thread> _modelThread;

    /// <summary>Threads that run the model besides the model thread, on the runs of the same texts: one per further
    /// core, up to <see cref="ModelThreads"/> in all. Each run is a single-threaded model call.</summary>
    private readonly Thread[] _helpers;
    private readonly BlockingCollection<Action> _helperWork = new();

    /// <summary>Most threads running the model at once. ONNX Runtime's own two intra-op threads, which meet at every
    /// operator of a run, spent 8-10 % of a campaign's CPU spinning while they waited for each other; runs on
    /// threads of their own meet once per batch of texts (ADR 14: a 10,000-prospect campaign took 19-23 % less CPU).</summary>
    public const int ModelThreads = 2;

    public LocalMiniLmEmbeddingGenerator()
    {
        _helpers = Enumerable.Range(1, Math.Clamp(Environment.ProcessorCount, 1, ModelThreads) - 1)
            .Select(i => new Thread(Help) { IsBackground = true, Name = $"MiniLM model {i + 1}" }).ToArray();
        _modelThread = new Lazy<Thread>(() =>
        {
            foreach (var helper in _helpers) helper.Start();
            var thread = new Thread(RunModel) { IsBackground = true, Name = "MiniLM model" };
            thread.Start();
            return thread;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new Request(values as string[] ?? values.ToArray(),
            new TaskCompletionSource<float[][]>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        _ = _modelThread.Value;
        _requests.Add(request, cancellationToken);
        return Wrap(request.Vectors.Task);

        static async Task<GeneratedEmbeddings<Embedding<float>>> Wrap(Task<float[][]> vectors) =>
            new((await vectors).Select(v => new Embedding<float>(v) { ModelId = ModelId }));
    }

    /// <summary>Most texts the model thread takes on at once from the requests waiting for it. Scoring asks for each
    /// batch's profile texts and titles in one request, and a run of <see cref="RunSize"/> texts is padded to its
    /// longest: sorted within one request, short titles shared runs with long profile texts. Sorted together, the
    /// waiting requests' texts make runs of like lengths, and a text several of them want is embedded once. A
    /// 3,000-prospect campaign took 15 % less CPU in the process (63-65 against 74-78 CPU-s).</summary>
    public const int TextsTakenTogether = 400;

    private void RunModel()
    {
        LowerThisThreadsPriority();
        foreach (var first in _requests.GetConsumingEnumerable())
        {
            var taken = new List<Request> { first };
            var texts = first.Texts.Length;
            while (texts < TextsTakenTogether && _requests.TryTake(out var next))
            {
                taken.Add(next);
                texts += next.Texts.Length;
            }
            Answer(taken);
        }
    }

    private void Answer(List<Request> requests)
    {
        var waiting = new List<Request>();
        foreach (var request in requests)
        {
            if (request.Cancellation.IsCancellationRequested) request.Vectors.TrySetCanceled(request.Cancellation);
            else waiting.Add(request);
        }
        if (waiting.Count == 0) return;

        // One request alone can be given up when its caller cancels; requests taken together finish together.
        var cancellation = waiting.Count == 1 ? waiting[0].Cancellation : CancellationToken.None;
        try
        {
            var distinct = waiting.SelectMany(r => r.Texts).Distinct(StringComparer.Ordinal).ToArray();
            var vectors = Embed(distinct, cancellation);
            var byText = new Dictionary<string, float[]>(distinct.Length, StringComparer.Ordinal);
            for (var i = 0; i < distinct.Length; i++) byText[distinct[i]] = vectors[i];
            // A text asked for more than once shares one array: callers see it only as read-only memory.
            foreach (var request in waiting) request.Vectors.TrySetResult(request.Texts.Select(t => byText[t]).ToArray());
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            waiting[0].Vectors.TrySetCanceled(cancellation);
        }
        catch (Exception e)
        {
            foreach (var request in waiting) request.Vectors.TrySetException(e);
        }
    }

    private float[][] Embed(string[] texts, CancellationToken ct)
    {
        // Similar lengths side by side, so a run pads its texts little.
        var order = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
        var runs = order.Chunk(RunSize).ToArray();
        var vectors = new float[texts.Length][];
        var next = -1;
        void EmbedRuns()
        {
            for (var r = Interlocked.Increment(ref next); r < runs.Length; r = Interlocked.Increment(ref next))
            {
                ct.ThrowIfCancellationRequested();
                var run = runs[r];
                var encoded = _model.Value.Encode(run.Select(i => texts[i]).ToArray(), ct);
                for (var k = 0; k < run.Length; k++) vectors[run[k]] = encoded[k];
            }
        }

        if (runs.Length == 1 || _helpers.Length == 0)
        {
            EmbedRuns();
            return vectors;
        }

        // The helpers take runs from the same list as this thread: each run is one model call on one thread.
        var helping = Math.Min(_helpers.Length, runs.Length - 1);
        var failures = new Exception?[helping];
        using var finished = new CountdownEvent(helping);
        for (var h = 0; h < helping; h++)
        {
            var slot = h;
            _helperWork.Add(() =>
            {
                try { EmbedRuns(); }
                catch (Exception e) { failures[slot] = e; }
                finally { finished.Signal(); }
            });
        }
        try
        {
            EmbedRuns();
        }
        finally
        {
            finished.Wait(CancellationToken.None);
        }
        if (failures.FirstOrDefault(f => f is not null) is { } failure) ExceptionDispatchInfo.Throw(failure);
        return vectors;
    }

    private void Help()
    {
        LowerThisThreadsPriority();
        foreach (var work in _helperWork.GetConsumingEnumerable()) work();
    }

    /// <summary>Nice 10 for the calling thread only (Linux applies setpriority to a thread id). Raising a nice value needs
    /// no privilege; elsewhere the thread keeps normal priority.</summary>
    private static void LowerThisThreadsPriority()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = setpriority(PriorityProcess, gettid(), 10);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: the model runs at normal priority.
        }
    }

    private const int PriorityProcess = 0;

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int gettid();

    /// <summary>ONNX Runtime's own arena is on: it keeps freed tensors for the next run, so with one run of 16 texts at a
    /// time it holds about the largest run's working set, where plain malloc left them fragmented across glibc's heap
    /// (200 runs of 8–128 tokens: 246 MB resident against 308 MB at the same speed; a 10,000-prospect campaign peaked at
    /// 586 MB against 628 MB). The memory pattern is off: it plans blocks per input shape, every run has a new shape,
    /// and it held 8 MB more in the same test.</summary>
    private static MiniLmModel CreateModel()
    {
        LimitMallocArenas();
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { EnableMemoryPattern = false, IntraOpNumThreads = 1 };
        return new MiniLmModel(options);
    }

    /// <summary>ONNX Runtime allocates each run's tensors (megabytes each) with malloc on whichever thread runs it, and
    /// glibc gives every busy thread its own arena that keeps freed memory: on a 1,000-prospect campaign the process
    /// peaked at 1.7 GB, and at 1.2 GB with the same CPU time once the arenas were capped at two (M_ARENA_MAX).</summary>
    private static void LimitMallocArenas()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = mallopt(MallocArenaMax, 2);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, say): its allocator has no per-thread arenas to cap.
        }
    }

    private const int MallocArenaMax = -8;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        _requests.CompleteAdding();
        if (_modelThread.IsValueCreated) _modelThread.Value.Join();
        _helperWork.CompleteAdding();
        if (_modelThread.IsValueCreated)
            foreach (var helper in _helpers) helper.Join();
        if (_model.IsValueCreated) _model.Value.Dispose();
        _requests.Dispose();
        _helperWork.Dispose();
    }
}
