using LeadGen.Infrastructure.Messaging;

namespace LeadGen.Api;

public static class ApiFirstCounting
{
    private static readonly PathString Api = "/api/v1";

    /// <summary>Counts the API's requests for <see cref="ApiFirst"/>, which lets the pipeline yield to them.</summary>
    public static IApplicationBuilder UseApiFirst(this IApplicationBuilder app)
    {
        var apiFirst = app.ApplicationServices.GetRequiredService<ApiFirst>();
        return app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Api)) apiFirst.RequestArrived();
            return next(context);
        });
    }
}
