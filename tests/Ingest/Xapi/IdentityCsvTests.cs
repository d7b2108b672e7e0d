using System.Text;
using Impact.Ingest.Db;
using Impact.Ingest.Xapi;

namespace Impact.Tests.Ingest.Xapi;

public sealed class IdentityCsvTests
{
    static async Task<List<(Identity? Row, IdentityRejection? Rejection)>> ReadAsync(string csv)
    {
        var all = new List<(Identity?, IdentityRejection?)>();
        await foreach (var row in IdentityCsv.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "ids.csv", CancellationToken.None)) all.Add(row);
        return all;
    }

    [Test]
    public async Task Every_accepted_actor_form_is_normalised_to_the_statement_key()
    {
        var rows = await ReadAsync(
            "\uFEFFactor;employee_id\r\n" +
            "mailto:Ana.Lopez@Example.com;E001\r\n" +
            "EBD31E95054C018B10727CCFFD2EF2EC3A016EE9;E002\r\n" +
            "account:https://lms.example.com|bo.chen;E003\r\n" +
            "openid:http://user.openid.example.com;E004\r\n\r\n");
        Assert.That(rows.Select(r => r.Row), Is.EqualTo(new[]
        {
            new Identity("mailto:ana.lopez@example.com", "E001"),
            new Identity("ebd31e95054c018b10727ccffd2ef2ec3a016ee9", "E002"),
            new Identity("account:https://lms.example.com|bo.chen", "E003"),
            new Identity("openid:http://user.openid.example.com", "E004"),
        }));
    }

    [Test]
    public async Task Keys_from_the_csv_match_keys_from_statements()
    {
        var statements = (await XapiFiles.ReadFileAsync(XapiFiles.Written)).Select(r => r.Statement!.Actor.Key).ToHashSet();
        var rows = await ReadAsync("actor,employee_id\nmailto:ANA.LOPEZ@example.com,E1\naccount:https://lms.example.com|bo.chen,E2\n");
        Assert.That(rows.Select(r => r.Row!.ActorKey), Is.SubsetOf(statements));
    }

    [Test]
    public async Task Bad_rows_are_rejected_with_line_field_and_reason()
    {
        var rows = await ReadAsync("actor,employee_id\nana@example.com,E1\nmailto:b@example.com,\naccount:nobar,E3\nmailto:c@example.com,E4\n");
        var rejections = rows.Where(r => r.Rejection is not null).Select(r => r.Rejection!).ToList();
        Assert.That(rejections.Select(r => (r.Line, r.Field)), Is.EqualTo(new[] { (2L, "actor"), (3L, "employee_id"), (4L, "actor") }));
        Assert.That(rejections[0].Reason, Does.Contain("'ana@example.com' is not mailto:"));
        Assert.That(rows.Last().Row, Is.EqualTo(new Identity("mailto:c@example.com", "E4")));
    }

    [Test]
    public void Missing_columns_are_one_sentence_naming_the_file()
    {
        var e = Assert.ThrowsAsync<ImpactException>(() => ReadAsync("email,id\nmailto:a@b.c,E1\n"))!;
        Assert.That(e.Message, Does.StartWith("ids.csv: line 1 must name the columns actor and employee_id"));
        Assert.That(Assert.ThrowsAsync<ImpactException>(() => ReadAsync(""))!.Message, Does.Contain("empty"));
    }
}
