using System.Text.Json;
using Koho.Web.Organization;

namespace Koho.Web.PrivateUse;

/// <summary>
/// 周知: HR publishes a version of the guideline that every member of staff must confirm having read. The pack's
/// version and hash are recorded, so that what was confirmed is known exactly; publishing a newer version supersedes
/// this one and starts confirmations afresh. The quiz, when there is one, is copied onto the notice as it was.
/// </summary>
public sealed class GuidelineNotice : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>第n回 within the municipality.</summary>
    public int Number { get; set; }
    /// <summary>The pack reference (musashino@builtin, musashino@3) and <see cref="Acknowledgements.Fingerprint"/> of it.</summary>
    public required string PackReference { get; set; }
    public required string PackSha256 { get; set; }
    public required string PackTitle { get; set; }
    /// <summary>The guideline's own edition (第2版 令和6年2月14日) as the pack states it.</summary>
    public string? Edition { get; set; }
    /// <summary>HR's words to staff (why, what changed).</summary>
    public string? Message { get; set; }
    /// <summary>確認期限, a date in JST.</summary>
    public DateOnly? DueOn { get; set; }
    /// <summary>The quiz as published (JSON of <see cref="QuizItem"/>), or null when confirming needs no quiz.</summary>
    public string? QuizJson { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public Guid PublishedById { get; set; }
    public required string PublishedByName { get; set; }
    /// <summary>When a newer notice replaced this one; confirmations of this one then no longer count.</summary>
    public DateTimeOffset? SupersededAt { get; set; }

    public IReadOnlyList<QuizItem> Quiz => QuizJson is null ? [] : JsonSerializer.Deserialize<List<QuizItem>>(QuizJson, QuizItem.Json) ?? [];
}

/// <summary>One quiz question as staff see it, with the clause it tests (copied: the pack may change later).</summary>
public sealed record QuizItem(string ClauseId, string ClauseHeading, string ClauseText, string Question, IReadOnlyList<string> Choices, int Correct, string? Explanation)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// The quiz as a confirmation form shows it (shared by the staff's page and the outside organisations' one): the
/// answers as posted (q0, q1 …) and, after a wrong attempt, which questions were wrong.
/// </summary>
public sealed class QuizAnswers(IReadOnlyList<QuizItem> quiz)
{
    public IReadOnlyList<QuizItem> Quiz { get; } = quiz;
    public Dictionary<int, int> Answered { get; } = [];
    public IReadOnlyList<int> Wrong { get; set; } = [];

    /// <summary>Reads the posted answers; an unanswered question is null.</summary>
    public List<int?> Read(Microsoft.AspNetCore.Http.IFormCollection form)
    {
        var answers = new List<int?>();
        for (var i = 0; i < Quiz.Count; i++)
        {
            int? a = int.TryParse(form[$"q{i}"], out var v) ? v : null;
            answers.Add(a);
            if (a is { } x) Answered[i] = x;
        }
        return answers;
    }
}

/// <summary>A member of staff's confirmation (確認) of one notice.</summary>
public sealed class GuidelineAcknowledgement : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid NoticeId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset AcknowledgedAt { get; set; }
    /// <summary>Questions answered correctly (all of them: confirming needs every answer right); null without a quiz.</summary>
    public int? QuizCorrect { get; set; }
}

/// <summary>A reminder sent to someone who had not confirmed (the last one is shown in the list and the export).</summary>
public sealed class AcknowledgementReminder : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid NoticeId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset RemindedAt { get; set; }
    public required string RemindedByName { get; set; }
}

/// <summary>
/// A question HR prepares for the next notice, built on a clause of the guideline. Editing these never changes a
/// notice already published (it holds its own copy).
/// </summary>
public sealed class QuizQuestion : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public int Position { get; set; }
    public required string ClauseId { get; set; }
    public required string Question { get; set; }
    /// <summary>The choices, one per line (2–4).</summary>
    public required string Choices { get; set; }
    /// <summary>The correct choice, 1-based as HR numbers them.</summary>
    public int Correct { get; set; }
    public string? Explanation { get; set; }

    public string[] ChoiceList => Choices.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// A self-check the user chose to keep (自分用の記録). Only its owner sees it; nothing of what is typed on the
/// self-check page is kept unless the user saves it.
/// </summary>
public sealed class SavedSelfCheck : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public required string Text { get; set; }
    public string? Profile { get; set; }
    public DateTimeOffset? PlannedAt { get; set; }
    public bool Overtime { get; set; }
    public bool BusinessTrip { get; set; }
    /// <summary>The outcome in words (問題なし / 要修正 1 件・要確認 2 件 / 免責文なし) under <see cref="PackReference"/>.</summary>
    public required string Outcome { get; set; }
    public required string PackReference { get; set; }
}
