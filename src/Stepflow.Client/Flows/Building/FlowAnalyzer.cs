using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>Walks a flow document the way the server reads it, collecting references and problems for <see cref="FlowAnalysis"/>.</summary>
internal sealed class FlowAnalyzer
{
    private readonly List<FlowProblem> _problems = [];
    private readonly List<string> _inputPaths = [];
    private readonly List<string> _variables = [];
    private readonly List<(string Name, string Location, string? StepId)> _variableUses = [];
    private readonly List<(string Target, string Location, string? StepId)> _stepUses = [];

    public static FlowAnalysis Analyze(JsonObject flow) => new FlowAnalyzer().Run(flow);

    private FlowAnalysis Run(JsonObject flow)
    {
        var name = flow["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : null;
        var steps = ReadSteps(flow);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (index, id, step) in steps)
        {
            var location = $"steps[{index}]";
            if (!ids.Add(id))
            {
                _problems.Add(new(FlowProblemKind.DuplicateStepId, $"{location}.id",
                    $"Step id '{id}' is used by more than one step (first by steps[{steps.First(s => s.Id == id).Index}]).", id));
            }

            if (step["component"] is not JsonValue c || !c.TryGetValue<string>(out var component) || string.IsNullOrWhiteSpace(component))
            {
                _problems.Add(new(FlowProblemKind.MissingComponent, $"{location}.component",
                    $"Step '{id}' has no component (a path such as /builtin/eval or /python/udf).", id));
            }

            CheckErrorAction(step["onError"], $"{location}.onError", id);
            var before = _stepUses.Count;
            Walk(step["input"], $"{location}.input", id);
            references.TryAdd(id, _stepUses.Skip(before).Select(u => u.Target).Distinct(StringComparer.Ordinal).ToList());
        }

        var outputStart = _stepUses.Count;
        if (flow["output"] is null)
        {
            _problems.Add(new(FlowProblemKind.MissingOutput, "output", "The flow has no output: set one to say what a run returns."));
        }
        else
        {
            Walk(flow["output"], "output", null);
        }

        var outputReferences = _stepUses.Skip(outputStart).Select(u => u.Target).Distinct(StringComparer.Ordinal).ToList();
        foreach (var (target, location, stepId) in _stepUses.Where(u => !ids.Contains(u.Target)))
        {
            var reader = stepId is null ? "The flow's output" : $"Step '{stepId}'";
            _problems.Add(new(FlowProblemKind.UnknownStep, location,
                $"{reader} reads the output of step '{target}', which the flow does not have{Suggest(target, ids)}.", stepId));
        }

        FindCycles(steps, references);
        var declared = DeclaredVariables(flow);
        if (declared is not null)
        {
            foreach (var (variable, location, stepId) in _variableUses.Where(u => !declared.Contains(u.Name)))
            {
                var where = stepId is null ? "The flow's output" : $"Step '{stepId}'";
                _problems.Add(new(FlowProblemKind.UndeclaredVariable, location,
                    $"{where} reads variable '{variable}', which the variables schema does not declare (it declares {(declared.Count == 0 ? "none" : string.Join(", ", declared))}).",
                    stepId));
            }
        }

        var problems = _problems.OrderBy(p => Order(p.Path)).ToList();
        return new FlowAnalysis(name, problems, references, outputReferences, _inputPaths, _variables, declared?.ToList());
    }

    // Problems in document order: the steps by index, then the output; stable within each.
    private static (int, int) Order(string path) =>
        path.StartsWith("steps[", StringComparison.Ordinal) && int.TryParse(path.AsSpan(6, path.IndexOf(']', StringComparison.Ordinal) - 6), out var index)
            ? (1, index)
            : path.StartsWith("output", StringComparison.Ordinal) ? (2, 0) : (0, 0);

    private List<(int Index, string Id, JsonObject Step)> ReadSteps(JsonObject flow)
    {
        var result = new List<(int, string, JsonObject)>();
        switch (flow["steps"])
        {
            case null:
                return result;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonObject step)
                    {
                        _problems.Add(new(FlowProblemKind.InvalidStructure, $"steps[{i}]", "A step must be an object with an id and a component."));
                    }
                    else if (step["id"] is not JsonValue v || !v.TryGetValue<string>(out var id) || string.IsNullOrWhiteSpace(id))
                    {
                        _problems.Add(new(FlowProblemKind.InvalidStructure, $"steps[{i}].id", "The step has no id."));
                    }
                    else
                    {
                        result.Add((i, id, step));
                    }
                }

                return result;
            default:
                _problems.Add(new(FlowProblemKind.InvalidStructure, "steps", "'steps' must be a list of steps."));
                return result;
        }
    }

    /// <summary>Visits an expression in the order the server tries its forms.</summary>
    private void Walk(JsonNode? node, string location, string? stepId)
    {
        switch (node)
        {
            case JsonObject obj when obj.ContainsKey("$literal"):
                return;
            case JsonObject obj when obj.ContainsKey("$if"):
                Walk(obj["$if"], $"{location}.$if", stepId);
                if (!obj.ContainsKey("then"))
                {
                    Invalid(location, stepId, "$if has no 'then'.");
                }

                Walk(obj["then"], $"{location}.then", stepId);
                Walk(obj["else"], $"{location}.else", stepId);
                return;
            case JsonObject obj when obj.ContainsKey("$coalesce"):
                if (obj["$coalesce"] is JsonArray values)
                {
                    Items(values, $"{location}.$coalesce", stepId);
                }
                else
                {
                    Invalid(location, stepId, "$coalesce must be a list of values.");
                }

                return;
            case JsonObject obj when obj.ContainsKey("$from"):
                Invalid(location, stepId, "$from is no longer part of the flow language: use {\"$step\": id, \"path\": …} or {\"$input\": path}.");
                return;
            case JsonObject obj when obj.ContainsKey("$step"):
                if (obj["$step"] is JsonValue s && s.TryGetValue<string>(out var target))
                {
                    _stepUses.Add((target, location, stepId));
                    CheckPath(obj["path"], $"{location}.path", stepId, allowAbsent: true);
                }
                else
                {
                    Invalid(location, stepId, "$step must be a step id (a string).");
                }

                return;
            case JsonObject obj when obj.ContainsKey("$input"):
                if (CheckPath(obj["$input"], $"{location}.$input", stepId, allowAbsent: true) is { } input && !_inputPaths.Contains(input))
                {
                    _inputPaths.Add(input);
                }

                return;
            case JsonObject obj when obj.ContainsKey("$variable"):
                if (CheckPath(obj["$variable"], $"{location}.$variable", stepId, allowAbsent: false) is { } variable)
                {
                    ExprPath.TryParse(variable, out var segments);
                    if (segments.FirstOrDefault().Field is { } variableName)
                    {
                        _variableUses.Add((variableName, location, stepId));
                        if (!_variables.Contains(variableName))
                        {
                            _variables.Add(variableName);
                        }
                    }
                    else
                    {
                        Invalid($"{location}.$variable", stepId, $"'{variable}' does not name a variable.");
                    }
                }

                Walk(obj["default"], $"{location}.default", stepId);
                return;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Walk(value, location + Member(key), stepId);
                }

                return;
            case JsonArray array:
                Items(array, location, stepId);
                return;
        }
    }

    private void Items(JsonArray array, string location, string? stepId)
    {
        for (var i = 0; i < array.Count; i++)
        {
            Walk(array[i], $"{location}[{i}]", stepId);
        }
    }

    // onError is tagged by 'action'; the server refuses other tags, and maxRetries is an unsigned integer.
    private void CheckErrorAction(JsonNode? onError, string location, string stepId)
    {
        if (onError is null)
        {
            return;
        }

        var action = onError is JsonObject obj && obj["action"] is JsonValue tag && tag.TryGetValue<string>(out var text) ? text : null;
        if (action is not ("fail" or "useDefault" or "retry"))
        {
            _problems.Add(new(FlowProblemKind.InvalidStructure, location,
                $"Step '{stepId}': onError must be an object whose 'action' is fail, useDefault or retry.", stepId));
        }
        else if (action == "retry" && onError["maxRetries"] is { } retries
            && !IsWholeCount(retries))
        {
            _problems.Add(new(FlowProblemKind.InvalidStructure, $"{location}.maxRetries",
                $"Step '{stepId}': maxRetries must be a whole number of retries, 0 or more.", stepId));
        }
    }

    // A number of any representation (2, 2.0 as 0.13 writes it back) that is whole and not negative.
    private static bool IsWholeCount(JsonNode node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && n == Math.Floor(n);

    /// <summary>Checks a path value; returns its text when it is a valid path.</summary>
    private string? CheckPath(JsonNode? node, string location, string? stepId, bool allowAbsent)
    {
        if (node is null)
        {
            return allowAbsent ? ExprPath.Root : Invalid(location, stepId, "The path is missing.");
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var path))
        {
            return Invalid(location, stepId, "A path must be a string such as \"$.customer.email\".");
        }

        return ExprPath.TryParse(path, out _) is { } error ? Invalid(location, stepId, $"'{path}' is not a valid path: {error}.") : path;
    }

    private string? Invalid(string location, string? stepId, string message)
    {
        _problems.Add(new(FlowProblemKind.InvalidExpression, location, stepId is null ? message : $"Step '{stepId}': {message}", stepId));
        return null;
    }

    private void FindCycles(List<(int Index, string Id, JsonObject Step)> steps, Dictionary<string, IReadOnlyList<string>> references)
    {
        // Depth-first search; a step met again while it is on the stack closes a cycle.
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the stack; true: done
        var stack = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var indexOf = steps.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Index, StringComparer.Ordinal);

        void Visit(string id)
        {
            state[id] = false;
            stack.Add(id);
            foreach (var next in references.GetValueOrDefault(id) ?? [])
            {
                if (!references.ContainsKey(next))
                {
                    continue;
                }

                if (!state.TryGetValue(next, out var done))
                {
                    Visit(next);
                }
                else if (!done)
                {
                    var cycle = stack.Skip(stack.IndexOf(next)).ToList();
                    if (seen.Add(string.Join('\n', cycle.Order(StringComparer.Ordinal))))
                    {
                        var text = string.Join(" -> ", cycle.Append(next).Select(s => $"'{s}'"));
                        var message = cycle.Count == 1
                            ? $"Step '{next}' reads its own output, so it can never start."
                            : $"Steps {text} read each other's output in a cycle, so none of them can start.";
                        _problems.Add(new(FlowProblemKind.Cycle, $"steps[{indexOf[next]}].input", message, next));
                    }
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[id] = true;
        }

        foreach (var (_, id, _) in steps)
        {
            if (!state.ContainsKey(id))
            {
                Visit(id);
            }
        }
    }

    private static List<string>? DeclaredVariables(JsonObject flow) =>
        flow["schemas"]?["properties"]?["variables"] is JsonObject schema
            ? schema["properties"] is JsonObject properties ? [.. properties.Select(p => p.Key)] : []
            : null;

    private static string Suggest(string target, HashSet<string> ids)
    {
        var close = ids.FirstOrDefault(id => string.Equals(id, target, StringComparison.OrdinalIgnoreCase) || Distance(id, target) <= 2);
        return close is null ? string.Empty : $" (did you mean '{close}'?)";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }

    internal static string Member(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$') ? $".{key}" : $"[\"{key}\"]";
}
