using Koho.Packs;
using System.CommandLine;
using Koho.Web;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Koho.Cli;

/// <summary>
/// The `koho` command: operations an administrator runs on the server — migrate the database, create the first
/// administrator, verify the audit trail. It reads the same configuration as the web app (appsettings.json in
/// the current directory, then KOHO_/ASP.NET-style environment variables such as ConnectionStrings__Koho).
/// </summary>
public static class KohoCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;

    /// <param name="settings">Extra configuration on top of appsettings.json and the environment (used by tests).</param>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var root = new RootCommand("Koho — 自治体公式ソーシャルメディア運用の管理コマンド");

        var db = new Command("db", "データベースの操作");
        var migrate = new Command("migrate", "未適用のマイグレーションをすべて適用します（何度実行しても安全です）。");
        migrate.SetAction(async (_, ct) =>
        {
            using var host = BuildHost(settings);
            await host.Services.MigrateKohoDatabaseAsync(ct);
            await stdout.WriteLineAsync("データベースは最新です。");
            return Ok;
        });
        db.Subcommands.Add(migrate);
        root.Subcommands.Add(db);

        var admin = new Command("admin", "システム管理者の操作");
        var tenantCode = new Option<string>("--tenant-code") { Description = "地方公共団体コード（6桁、例: 132039）", Required = true };
        var tenantName = new Option<string?>("--tenant-name") { Description = "団体名。団体が未登録のときは必須（例: 武蔵野市）" };
        var userName = new Option<string>("--user") { Description = "サインイン名", Required = true };
        var displayName = new Option<string?>("--name") { Description = "氏名（省略時はサインイン名）" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "パスワードを標準入力の1行目から読みます。省略時は環境変数 KOHO_ADMIN_PASSWORD。" };
        var create = new Command("create", "システム管理者を作成します（団体が未登録なら団体も作成します）。")
        {
            tenantCode, tenantName, userName, displayName, passwordStdin,
        };
        create.SetAction(async (parse, ct) =>
        {
            // The password never comes from the command line, where it would stay in shell history and `ps`.
            var password = parse.GetValue(passwordStdin) ? (await stdin.ReadLineAsync(ct))?.TrimEnd('\r', '\n')
                : Environment.GetEnvironmentVariable("KOHO_ADMIN_PASSWORD");
            if (string.IsNullOrEmpty(password))
            {
                await stderr.WriteLineAsync("パスワードを --password-stdin（標準入力）または環境変数 KOHO_ADMIN_PASSWORD で渡してください。");
                return InvalidInput;
            }
            using var host = BuildHost(settings);
            await host.Services.MigrateKohoDatabaseAsync(ct);
            return await CreateAdministratorAsync(host.Services, parse.GetValue(tenantCode)!, parse.GetValue(tenantName),
                parse.GetValue(userName)!, parse.GetValue(displayName), password, stdout, stderr, ct);
        });
        admin.Subcommands.Add(create);
        root.Subcommands.Add(admin);

        var audit = new Command("audit", "監査ログの操作");
        var onlyTenant = new Option<string?>("--tenant-code") { Description = "この団体だけを検証します（省略時はすべての団体）。" };
        var verify = new Command("verify", "監査ログのハッシュチェーンを検証し、最初に切れている記録を報告します。") { onlyTenant };
        verify.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(settings);
            return await VerifyAuditAsync(host.Services, parse.GetValue(onlyTenant), stdout, stderr, ct);
        });
        audit.Subcommands.Add(verify);
        root.Subcommands.Add(audit);

        var input = new Option<string?>("--input") { Description = "入力（JSON Lines、1行1件）。省略時は標準入力の文章を1件確認して読みやすい報告を表示します。" };
        var output = new Option<string?>("--output") { Description = "出力（JSON Lines、入力と同じ順）。省略時は標準出力。" };
        var pack = new Option<string?>("--pack") { Description = $"ガイドラインパック（{string.Join(", ", BuiltInPacks.Ids)}）。行の pack が優先。" };
        var lexicon = new Option<string?>("--lexicon") { Description = "追加の語彙ファイル（1行1語）" };
        var lexiconCategory = new Option<string>("--lexicon-category") { Description = "追加語彙の分類（既定 confidential）", DefaultValueFactory = _ => Koho.Checks.Categories.Confidential };
        var platform = new Option<string?>("--platform") { Description = "標準入力の文章の媒体（x, facebook, instagram, line, mastodon, bluesky）" };
        var at = new Option<string?>("--at") { Description = "標準入力の文章の投稿予定日時（例: 2026-12-09T10:00:00+09:00）" };
        var mode = new Option<string?>("--mode") { Description = "official（公式、既定）または private（私的）" };
        var postCategory = new Option<string?>("--category") { Description = "normal（既定）、event、disaster" };
        var check = new Command("check", "投稿前チェック: ガイドラインに反する内容を、理由と根拠の条項とともに示します。終了コード 0=問題なし 1=要修正あり 2=入力の誤り")
        {
            input, output, pack, lexicon, lexiconCategory, platform, at, mode, postCategory,
        };
        check.SetAction(async (parse, ct) => await CheckCommand.RunAsync(parse.GetValue(input), parse.GetValue(output), parse.GetValue(pack),
            parse.GetValue(lexicon), parse.GetValue(lexiconCategory)!, stdin, stdout, stderr, ct,
            new CheckCommand.StdinOptions(parse.GetValue(platform), parse.GetValue(at), parse.GetValue(mode), parse.GetValue(postCategory))));
        root.Subcommands.Add(check);

        var pack_ = new Command("pack", "ガイドラインパック（各団体のガイドラインを Koho が守らせる形にしたもの）");
        var packFile = new Argument<string>("FILE") { Description = "パックの YAML ファイル" };
        var validate = new Command("validate", "パックを検証します。誤りがあれば行番号と説明をすべて表示し、終了コード 2 を返します。") { packFile };
        validate.SetAction(async (parse, ct) => await PackCommand.ValidateAsync(parse.GetValue(packFile)!, stdout, stderr, ct));
        var list = new Command("list", "組み込みのパックを一覧します。");
        list.SetAction(async (_, _) => await PackCommand.ListAsync(stdout));
        var packId = new Argument<string>("ID") { Description = "パックの id（例: musashino）" };
        var coverage = new Option<bool>("--coverage") { Description = "条項ごとの対応表（Markdown）を表示します（docs/packs/<id>.md）。" };
        var show = new Command("show", "パックの内容（役割・勤務時間・承認・開設手続・内容の規則）を表示します。") { packId, coverage };
        show.SetAction(async (parse, _) => await PackCommand.ShowAsync(parse.GetValue(packId)!, parse.GetValue(coverage), stdout, stderr));
        pack_.Subcommands.Add(validate);
        pack_.Subcommands.Add(list);
        pack_.Subcommands.Add(show);
        root.Subcommands.Add(pack_);

        var checkModel = new Command("check-model", "投稿前チェックの統計モデル: 判定例からの学習と、判定例による精度の測定");
        var labelled = new Option<string[]>("--input") { Description = "判定例（JSON Lines、expect 付き）。複数指定できます。", Required = true, AllowMultipleArgumentsPerToken = true };
        var modelOutput = new Option<string>("--output") { Description = "書き出すモデルファイル", Required = true };
        var train = new Command("train", "判定例から統計モデルを学習します（同じ判定例からは常に同じモデル）。") { labelled, modelOutput };
        train.SetAction(async (parse, ct) => await ModelCommand.TrainAsync(parse.GetValue(labelled)!, parse.GetValue(modelOutput)!, stdout, stderr, ct));
        var modelFile = new Option<string?>("--model") { Description = "使うモデルファイル（省略時は組み込みのモデル）" };
        var noModel = new Option<bool>("--no-model") { Description = "統計モデルを使わず、語句と文脈の規則だけで測ります。" };
        var evaluate = new Command("evaluate", "判定例でチェッカー全体を測ります: 分類ごとの再現率、問題のない投稿の要修正・要確認の件数。") { labelled, modelFile, noModel };
        evaluate.SetAction(async (parse, ct) => await ModelCommand.EvaluateAsync(parse.GetValue(labelled)!, parse.GetValue(modelFile), parse.GetValue(noModel), stdout, stderr, ct));
        checkModel.Subcommands.Add(train);
        checkModel.Subcommands.Add(evaluate);
        root.Subcommands.Add(checkModel);

        try
        {
            // Errors are reported below in Japanese, without the stack trace System.CommandLine would print.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
        {
            await stderr.WriteLineAsync($"エラー: {e.Message}");
            return Failed;
        }
    }

    private static IHost BuildHost(IReadOnlyDictionary<string, string?>? settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        // Database errors reach the user as one Japanese line from RunAsync, not as EF's log dump.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.Services.AddKohoCore();
        return builder.Build();
    }

    internal static async Task<int> CreateAdministratorAsync(IServiceProvider services, string code, string? tenantName,
        string userName, string? displayName, string password, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<KohoDbContext>();
        var org = sp.GetRequiredService<OrganizationService>();
        var actor = AuditActor.Cli(Environment.UserName);

        // The municipality and its administrator are created together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var normalized = LocalGovernmentCode.Normalize(code);
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Code == normalized, ct);
        if (tenant is null)
        {
            if (string.IsNullOrWhiteSpace(tenantName))
            {
                await stderr.WriteLineAsync($"地方公共団体コード {normalized} の団体は未登録です。--tenant-name で団体名を指定してください。");
                return InvalidInput;
            }
            var created = await org.CreateTenantAsync(normalized, tenantName, actor, ct);
            if (!created.Succeeded)
            {
                foreach (var e in created.Errors) await stderr.WriteLineAsync(e);
                return InvalidInput;
            }
            tenant = created.Value!;
        }
        sp.GetRequiredService<TenantContext>().Use(tenant.Id);

        var result = await org.CreateUserAsync(tenant.Id,
            new NewUser(userName, string.IsNullOrWhiteSpace(displayName) ? userName : displayName, null, null,
                [KohoRoles.Administrator], password), actor, ct);
        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            foreach (var e in result.Errors) await stderr.WriteLineAsync(e);
            return InvalidInput;
        }
        await tx.CommitAsync(ct);
        await stdout.WriteLineAsync($"システム管理者を作成しました: {userName}（{tenant.Name}・{tenant.Code}）");
        return Ok;
    }

    internal static async Task<int> VerifyAuditAsync(IServiceProvider services, string? code, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        if (!(await db.Database.GetAppliedMigrationsAsync(ct)).Any())
        {
            await stderr.WriteLineAsync("データベースが作成されていません。接続先（ConnectionStrings:Koho）が正しいか確かめ、必要なら `koho db migrate` を実行してください。");
            return InvalidInput;
        }
        var tenants = await db.Tenants.AsNoTracking()
            .Where(t => code == null || t.Code == code).OrderBy(t => t.Code).ToListAsync(ct);
        if (tenants.Count == 0)
        {
            await stderr.WriteLineAsync(code is null ? "団体が登録されていません。" : $"地方公共団体コード {code} の団体は未登録です。");
            return InvalidInput;
        }
        var broken = 0;
        foreach (var t in tenants)
        {
            var v = await trail.VerifyAsync(t.Id, ct);
            if (v.IsIntact)
            {
                await stdout.WriteLineAsync($"OK  {t.Code} {t.Name}: {v.VerifiedCount} 件の記録が正しくつながっています。" +
                    (v.HeadHash is null ? "" : $"最新 #{v.VerifiedCount} {v.HeadHash}（ログの記録と照合してください）"));
            }
            else
            {
                broken++;
                await stdout.WriteLineAsync($"NG  {t.Code} {t.Name}: 記録 #{v.BrokenAtSeq} でチェーンが切れています。{v.Problem}（#{v.VerifiedCount} までは正常）");
            }
        }
        return broken == 0 ? Ok : Failed;
    }
}
