using System.Security.Claims;
using System.Text.Json;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Notifications;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Koho.Web.Shell;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.PrivateUse;

/// <summary>One member of staff against the current notice.</summary>
public sealed record StaffAcknowledgement(Guid UserId, string Name, string UserName, Guid? DepartmentId, string Department,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? LastRemindedAt);

/// <summary>Confirmations of a notice, by person and by department (in the department tree's order).</summary>
public sealed record NoticeProgress(GuidelineNotice Notice, IReadOnlyList<StaffAcknowledgement> Staff)
{
    public int Confirmed => Staff.Count(s => s.AcknowledgedAt is not null);

    public IEnumerable<(Guid? DepartmentId, string Department, int Total, int Confirmed)> ByDepartment =>
        Staff.GroupBy(s => (s.DepartmentId, s.Department)).Select(g => (g.Key.DepartmentId, g.Key.Department, g.Count(), g.Count(s => s.AcknowledgedAt is not null)));
}

/// <summary>The outcome of answering the quiz: which questions (0-based) were answered wrongly.</summary>
public sealed record QuizOutcome(IReadOnlyList<int> Wrong);

/// <summary>
/// 確認: HR publishes the guideline version staff must confirm (周知), staff confirm it — after the quiz when there is
/// one —, HR sees who has not, reminds them and exports the list. A newer version supersedes the notice, so confirmations
/// start again. Every change is audited; reminders go to the person only (in Koho and by e-mail), never to the chat.
/// </summary>
public sealed class Acknowledgements(KohoDbContext db, AuditTrail audit, TimeProvider time, GuidelinePackService packs, Notifier notifier)
{
    public const int MaxQuestions = 20;

    /// <summary>HR and administrators manage notices, the quiz and reminders.</summary>
    public static bool Manages(ClaimsPrincipal user) => user.IsInRole(KohoRoles.Hr) || user.IsInRole(KohoRoles.Administrator);

    public Task<GuidelineNotice?> CurrentAsync(CancellationToken ct = default) =>
        db.GuidelineNotices.AsNoTracking().Where(n => n.SupersededAt == null).OrderByDescending(n => n.Number).FirstOrDefaultAsync(ct);

    public Task<GuidelineAcknowledgement?> MineAsync(Guid userId, Guid noticeId, CancellationToken ct = default) =>
        db.GuidelineAcknowledgements.AsNoTracking().FirstOrDefaultAsync(a => a.NoticeId == noticeId && a.UserId == userId, ct);

    public Task<List<QuizQuestion>> QuestionsAsync(CancellationToken ct = default) =>
        db.QuizQuestions.AsNoTracking().OrderBy(q => q.Position).ToListAsync(ct);

    public async Task<Result<GuidelineNotice>> PublishAsync(ClaimsPrincipal user, string? message, DateOnly? dueOn, bool withQuiz, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        if (!Manages(user)) return Result<GuidelineNotice>.Fail(["ガイドラインの周知は人事担当か管理者が行います。"]);
        var errors = new List<string>();
        message = message?.Replace("\r\n", "\n").Trim();
        if (message is { Length: > 2000 }) errors.Add("職員へのお知らせは2000文字以内で入力してください。");
        if (dueOn is { } due && due < JapaneseDates.TodayJst(time)) errors.Add("確認期限は今日以降の日付にしてください。");
        var pack = await packs.ForTenantAsync(me.TenantId, ct);
        var current = await CurrentAsync(ct);
        if (current is not null && current.PackSha256 == Fingerprint(pack))
            errors.Add($"この版（{pack.Pack.Title} {pack.Reference}）は第{current.Number}回ですでに周知しています。新しい版に切り替えてから周知してください。");
        List<QuizItem>? quiz = null;
        if (withQuiz)
        {
            var questions = await QuestionsAsync(ct);
            if (questions.Count == 0) errors.Add("クイズを課すには、先に問題を1問以上作ってください。");
            quiz = [];
            foreach (var (q, i) in questions.Select((q, i) => (q, i)))
            {
                if (pack.Pack.Clause(q.ClauseId) is not { } clause) { errors.Add($"問{i + 1} の条項「{q.ClauseId}」は、周知する版（{pack.Reference}）にありません。問題を直してください。"); continue; }
                quiz.Add(new QuizItem(clause.Id, clause.Heading, clause.Text, q.Question, q.ChoiceList, q.Correct - 1, q.Explanation));
            }
        }
        if (errors.Count > 0) return Result<GuidelineNotice>.Fail(errors);

        // The number is taken under the audit trail's lock, as incidents' are.
        return await audit.InTransactionAsync(async () =>
        {
            var now = time.GetUtcNow();
            var number = (await db.GuidelineNotices.Where(n => n.TenantId == me.TenantId).MaxAsync(n => (int?)n.Number, ct) ?? 0) + 1;
            var previous = await db.GuidelineNotices.Where(n => n.SupersededAt == null).ToListAsync(ct);
            foreach (var p in previous) p.SupersededAt = now;
            var notice = new GuidelineNotice
            {
                Id = Guid.NewGuid(), TenantId = me.TenantId, Number = number, PackReference = pack.Reference, PackSha256 = Fingerprint(pack),
                PackTitle = pack.Pack.Title, Edition = Edition(pack.Pack), Message = string.IsNullOrEmpty(message) ? null : message, DueOn = dueOn,
                QuizJson = quiz is null ? null : JsonSerializer.Serialize(quiz, QuizItem.Json),
                PublishedAt = now, PublishedById = me.Id, PublishedByName = me.DisplayName,
            };
            db.GuidelineNotices.Add(notice);
            var staff = await db.TenantUsers.AsNoTracking().ToListAsync(ct);
            await notifier.NotifyAsync(me.TenantId, staff, $"ガイドラインの確認のお願い（{notice.PackTitle}）",
                $"{notice.PackTitle}{(notice.Edition is null ? "" : $"（{notice.Edition}）")}を周知しました。読んで確認してください。"
                + (dueOn is { } d ? $" 確認期限: {JapaneseDates.Wareki(d)}" : ""), "/private-use/acknowledge", "info", ct, webhook: false);
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "private-use.notice-published", "guideline-notice", notice.Id.ToString(),
                Before: current is null ? null : AuditSummary.Of(new { current.Number, current.PackReference }),
                After: AuditSummary.Of(new { notice.Number, notice.PackReference, notice.PackSha256, notice.Edition, DueOn = dueOn?.ToString("yyyy-MM-dd"),
                    Quiz = quiz?.Count ?? 0, Staff = staff.Count }))], ct);
            return (Result<GuidelineNotice>.Ok(notice), true);
        }, ct);
    }

    /// <summary>
    /// What identifies the version staff confirm: an uploaded pack's SHA-256; for a built-in pack (which has no upload),
    /// the hash of its id, edition and date — so that choosing another built-in pack, or a Koho release carrying a new
    /// edition of the guideline, asks HR to publish it, while Koho's own corrections to the encoding do not.
    /// </summary>
    public static string Fingerprint(TenantPack pack) => pack.Sha256.Length > 0 ? pack.Sha256
        : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{pack.Reference}\n{pack.Pack.Version}\n{pack.Pack.Date}")));

    /// <summary>The guideline's own edition words (版・日付) as the pack gives them.</summary>
    public static string? Edition(Koho.Packs.GuidelinePack pack)
    {
        // Officials date the guideline in 和暦 (令和6年2月14日), as the document itself does.
        var date = DateOnly.TryParseExact(pack.Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var d) ? JapaneseDates.Wareki(d) : pack.Date;
        return string.Join(" ", new[] { pack.Version, date }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } s ? s : null;
    }

    /// <summary>
    /// Confirms the current notice. With a quiz, every answer must be right; otherwise nothing is recorded and the
    /// wrong questions come back, so the person reads those clauses again.
    /// </summary>
    public async Task<Result<QuizOutcome>> AcknowledgeAsync(ClaimsPrincipal user, Guid noticeId, IReadOnlyList<int?> answers, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var notice = await db.GuidelineNotices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noticeId, ct);
        if (notice is null) return Result<QuizOutcome>.Fail(["周知が見つかりません。"]);
        if (notice.SupersededAt is not null) return Result<QuizOutcome>.Fail(["ガイドラインの新しい版が周知されています。画面を開き直して、新しい版を確認してください。"]);
        if (await MineAsync(me.Id, noticeId, ct) is not null) return Result<QuizOutcome>.Fail(["この版はすでに確認済みです。"]);
        var quiz = notice.Quiz;
        if (quiz.Count > 0)
        {
            if (answers.Count != quiz.Count || answers.Any(a => a is null))
                return Result<QuizOutcome>.Fail([$"クイズの全ての問い（{quiz.Count}問）に答えてください。"]);
            var wrong = quiz.Select((q, i) => (q, i)).Where(x => answers[x.i] != x.q.Correct).Select(x => x.i).ToList();
            if (wrong.Count > 0) return Result<QuizOutcome>.Ok(new QuizOutcome(wrong));
        }
        var ack = new GuidelineAcknowledgement
        {
            Id = Guid.NewGuid(), TenantId = me.TenantId, NoticeId = notice.Id, UserId = me.Id, AcknowledgedAt = time.GetUtcNow(),
            QuizCorrect = quiz.Count > 0 ? quiz.Count : null,
        };
        db.GuidelineAcknowledgements.Add(ack);
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "private-use.acknowledged", "guideline-notice", notice.Id.ToString(),
                After: AuditSummary.Of(new { notice.Number, notice.PackReference, Quiz = quiz.Count > 0 ? $"{quiz.Count}/{quiz.Count}" : null }))], ct);
        }
        catch (DbUpdateException)
        {
            // The unique (notice, person) index: the same confirmation sent twice (a double click) is one confirmation.
            return Result<QuizOutcome>.Fail(["この版はすでに確認済みです。"]);
        }
        return Result<QuizOutcome>.Ok(new QuizOutcome([]));
    }

    /// <summary>Everyone of the municipality against the notice, in the department tree's order, then by name.</summary>
    /// <param name="tree">The department tree when the caller has it already (the page lists departments too).</param>
    public async Task<NoticeProgress> ProgressAsync(GuidelineNotice notice, IReadOnlyList<DepartmentTree.Node>? tree = null, CancellationToken ct = default)
    {
        tree ??= await DepartmentTree.LoadAsync(db, ct);
        var order = tree.Select((d, i) => (d.Id, i, d.Path)).ToDictionary(x => x.Id, x => (x.i, x.Path));
        var users = await db.StaffUsers.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.UserName, u.DepartmentId }).ToListAsync(ct);
        var acks = await db.GuidelineAcknowledgements.AsNoTracking().Where(a => a.NoticeId == notice.Id)
            .ToDictionaryAsync(a => a.UserId, a => a.AcknowledgedAt, ct);
        var reminded = (await db.AcknowledgementReminders.AsNoTracking().Where(r => r.NoticeId == notice.Id)
                .Select(r => new { r.UserId, r.RemindedAt }).ToListAsync(ct))
            .GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Max(r => r.RemindedAt));
        var staff = users
            .Select(u => new StaffAcknowledgement(u.Id, u.DisplayName, u.UserName ?? "", u.DepartmentId,
                u.DepartmentId is { } d && order.TryGetValue(d, out var o) ? o.Path : "（所属なし）",
                acks.TryGetValue(u.Id, out var at) ? at : null, reminded.TryGetValue(u.Id, out var r) ? r : null))
            .OrderBy(s => s.DepartmentId is { } d && order.TryGetValue(d, out var o) ? o.i : int.MaxValue)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return new NoticeProgress(notice, staff);
    }

    /// <summary>
    /// Reminds those who have not confirmed — all, or those of one department and the departments under it. Someone
    /// already reminded today (JST) is left alone, so that pressing the button twice does not send twice.
    /// </summary>
    public async Task<Result<int>> RemindAsync(ClaimsPrincipal user, Guid noticeId, Guid? departmentId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        if (!Manages(user)) return Result<int>.Fail(["催促は人事担当か管理者が行います。"]);
        var notice = await db.GuidelineNotices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noticeId && n.SupersededAt == null, ct);
        if (notice is null) return Result<int>.Fail(["現在の周知が見つかりません。画面を開き直してください。"]);
        var parents = await DepartmentTree.ParentsAsync(db, ct);
        if (departmentId is { } dep && !parents.ContainsKey(dep)) return Result<int>.Fail(["部署が見つかりません。"]);
        var progress = await ProgressAsync(notice, ct: ct);
        var today = JapaneseDates.TodayJst(time);
        var targets = progress.Staff
            .Where(s => s.AcknowledgedAt is null)
            .Where(s => departmentId is not { } dep2 || s.DepartmentId is { } d && DepartmentTree.IsWithin(parents, d, dep2))
            .ToList();
        if (targets.Count == 0) return Result<int>.Fail(["未確認の職員はいません。"]);
        targets = targets.Where(s => s.LastRemindedAt is not { } r || DateOnly.FromDateTime(JapaneseDates.ToJst(r).DateTime) < today).ToList();
        if (targets.Count == 0) return Result<int>.Fail(["未確認の職員には今日すでに催促しています（催促は1日1回までです）。"]);
        var now = time.GetUtcNow();
        var ids = targets.Select(t => t.UserId).ToHashSet();
        var recipients = await db.TenantUsers.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct);
        foreach (var t in targets)
            db.AcknowledgementReminders.Add(new AcknowledgementReminder
            {
                Id = Guid.NewGuid(), TenantId = me.TenantId, NoticeId = notice.Id, UserId = t.UserId, RemindedAt = now, RemindedByName = me.DisplayName,
            });
        await notifier.NotifyAsync(me.TenantId, recipients, $"ガイドラインの確認がまだです（{notice.PackTitle}）",
            $"{notice.PackTitle}の確認をお願いします。" + (notice.DueOn is { } d2 ? $" 確認期限: {JapaneseDates.Wareki(d2)}" : ""),
            "/private-use/acknowledge", "info", ct, webhook: false);
        await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "private-use.reminded", "guideline-notice", notice.Id.ToString(),
            After: AuditSummary.Of(new { notice.Number, Department = departmentId, Reminded = targets.Count }))], ct);
        return Result<int>.Ok(targets.Count);
    }

    /// <summary>The list for HR's files: everyone, their department, whether and when they confirmed, the last reminder.</summary>
    public static byte[] Xlsx(NoticeProgress progress)
    {
        var n = progress.Notice;
        IEnumerable<IEnumerable<string>> Rows()
        {
            yield return [$"第{n.Number}回 周知: {n.PackTitle}{(n.Edition is null ? "" : $"（{n.Edition}）")} {n.PackReference}"];
            yield return [$"周知日: {JapaneseDates.Format(n.PublishedAt)}", n.DueOn is { } d ? $"確認期限: {JapaneseDates.Wareki(d)}" : "確認期限: なし",
                $"確認済み {progress.Confirmed} / {progress.Staff.Count} 人"];
            yield return [];
            yield return ["所属", "氏名", "ユーザー名", "状況", "確認日時", "最後の催促"];
            foreach (var s in progress.Staff)
                yield return [s.Department, s.Name, s.UserName, s.AcknowledgedAt is null ? "未確認" : "確認済み",
                    s.AcknowledgedAt is { } a ? JapaneseDates.Format(a) : "",
                    s.LastRemindedAt is { } r ? JapaneseDates.Format(r) : ""];
        }
        return XlsxWriter.Write("確認状況", Rows());
    }

    public async Task<Result<QuizQuestion>> AddQuestionAsync(ClaimsPrincipal user, string? clauseId, string? question, string? choices, int? correct,
        string? explanation, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        if (!Manages(user)) return Result<QuizQuestion>.Fail(["クイズは人事担当か管理者が作ります。"]);
        var pack = await packs.ForTenantAsync(me.TenantId, ct);
        var errors = new List<string>();
        clauseId = clauseId?.Trim();
        question = question?.Replace("\r\n", "\n").Trim();
        explanation = explanation?.Replace("\r\n", "\n").Trim();
        var list = (choices ?? "").Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (string.IsNullOrEmpty(clauseId) || pack.Pack.Clause(clauseId) is null) errors.Add("問題のもとになる条項を選んでください。");
        if (string.IsNullOrEmpty(question) || question.Length > 500) errors.Add("問いを500文字以内で入力してください。");
        if (list.Length is < 2 or > 4 || list.Any(c => c.Length > 200)) errors.Add("選択肢を1行に1つ、2〜4個（各200文字以内）入力してください。");
        else if (list.Distinct().Count() != list.Length) errors.Add("同じ選択肢が重なっています。");
        if (correct is not { } c1 || c1 < 1 || c1 > list.Length) errors.Add("正解の選択肢の番号を選んでください。");
        if (explanation is { Length: > 1000 }) errors.Add("解説は1000文字以内で入力してください。");
        var count = await db.QuizQuestions.CountAsync(ct);
        if (count >= MaxQuestions) errors.Add($"問題は{MaxQuestions}問までです（確認は短く）。");
        if (errors.Count > 0) return Result<QuizQuestion>.Fail(errors);
        var q = new QuizQuestion
        {
            Id = Guid.NewGuid(), TenantId = me.TenantId, Position = (await db.QuizQuestions.MaxAsync(x => (int?)x.Position, ct) ?? 0) + 1,
            ClauseId = clauseId!, Question = question!, Choices = string.Join("\n", list), Correct = correct!.Value,
            Explanation = string.IsNullOrEmpty(explanation) ? null : explanation,
        };
        db.QuizQuestions.Add(q);
        await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "private-use.quiz-question-added", "quiz-question", q.Id.ToString(),
            After: AuditSummary.Of(new { q.ClauseId, q.Question, Choices = list.Length, q.Correct }))], ct);
        return Result<QuizQuestion>.Ok(q);
    }

    public async Task<Result<QuizQuestion>> DeleteQuestionAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        if (!Manages(user)) return Result<QuizQuestion>.Fail(["クイズは人事担当か管理者が作ります。"]);
        var q = await db.QuizQuestions.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (q is null) return Result<QuizQuestion>.Fail(["問題が見つかりません。"]);
        db.QuizQuestions.Remove(q);
        await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "private-use.quiz-question-deleted", "quiz-question", q.Id.ToString(),
            Before: AuditSummary.Of(new { q.ClauseId, q.Question }))], ct);
        return Result<QuizQuestion>.Ok(q);
    }
}
