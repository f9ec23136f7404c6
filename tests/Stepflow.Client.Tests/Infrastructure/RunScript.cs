using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>Scripts successive answers to one endpoint with WireMock scenarios (answer 1, then 2, …, the last repeats).</summary>
public static class RunScript
{
    public static void Sequence(this FakeServer fake, string method, string path, params (int Status, string Body)[] answers) =>
        fake.Script(method, path, answers.Select(answer => Response.Create().WithStatusCode(answer.Status)
            .WithHeader("Content-Type", answer.Status < 400 ? "application/json" : "text/plain; charset=utf-8")
            .WithBody(answer.Body)).ToArray());

    /// <summary>Scripts any WireMock responses (faults, delays, headers) in order; the last one repeats.</summary>
    public static void Script(this FakeServer fake, string method, string path, params IResponseBuilder[] answers)
    {
        if (answers.Length == 1)
        {
            fake.Server.Given(Request.Create().WithPath("/api/v1" + path).UsingMethod(method)).RespondWith(answers[0]);
            return;
        }

        var scenario = $"{method} {path} {Guid.NewGuid():N}";
        for (var i = 0; i < answers.Length; i++)
        {
            var request = Request.Create().WithPath("/api/v1" + path).UsingMethod(method);
            var response = answers[i];
            var step = fake.Server.Given(request).InScenario(scenario);
            if (i > 0)
            {
                step = step.WhenStateIs($"after-{i}");
            }
            if (i < answers.Length - 1)
            {
                step = step.WillSetStateTo($"after-{i + 1}");
            }

            step.RespondWith(response);
        }
    }
}
