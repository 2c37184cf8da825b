using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;

namespace Coordination.Grains.Tests;

/// <summary>Each clock, by moving time: the case grain's reminder looks at the clock and records what came due.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClockTests(ClusterFixture fixture)
{
    private static readonly Actor School = new("intern begeleider", "11AA00");

    private string Today(int days = 0) => DutchTime.Today(fixture.Clock.GetUtcNow()).AddDays(days).ToString("yyyy-MM-dd");

    private async Task<ICaseGrain> Open(NewCase request)
    {
        var grain = fixture.Client.GetGrain<ICaseGrain>(Guid.NewGuid().ToString("N"));
        // A child without a school is reported by leerplicht, the municipality where it lives.
        var opener = request.Student!.School is null ? new Actor("leerplichtambtenaar", request.Student.Municipality!) : School;
        var result = await grain.Open(request, opener);
        Assert.IsType<Outcome.Accepted>(result.Outcome);
        return grain;
    }

    private NewCase Application(string receivedOn) => new()
    {
        ParentsInformed = true,
        Student = new NewStudent { Name = "Fleur Visser", DateOfBirth = "2017-06-01", Municipality = "GM0002", School = "11AA00" },
        Application = new NewApplication { School = "11AA00", ReceivedOn = receivedOn },
    };

    [Fact]
    public async Task Zorgplicht_warns_one_week_before_the_deadline_and_records_the_breach_after_it()
    {
        var grain = await Open(Application(Today()));
        Assert.DoesNotContain(await grain.History(), e => e.What == CaseClocks.ZorgplichtWarning);

        fixture.Clock.Advance(TimeSpan.FromDays(36));
        var warned = await grain.WaitFor(CaseClocks.ZorgplichtWarning);
        Assert.Contains(warned, e => e.What == CaseClocks.ZorgplichtWarning);
        Assert.DoesNotContain(warned, e => e.What == CaseClocks.ZorgplichtBreached);

        fixture.Clock.Advance(TimeSpan.FromDays(8));
        var breached = await grain.WaitFor(CaseClocks.ZorgplichtBreached);
        Assert.Single(breached, e => e.What == CaseClocks.ZorgplichtBreached);
        Assert.Single(breached, e => e.What == CaseClocks.ZorgplichtWarning);
        Assert.True((await grain.Get())!.Zorgplicht!.Breached);
    }

    [Fact]
    public async Task An_extended_zorgplicht_is_not_breached_at_the_original_deadline()
    {
        var grain = await Open(Application(Today()));
        var extended = await grain.Apply(new CaseCommand { Trigger = "ExtendZorgplicht", Weeks = 4, Reason = "onderzoek loopt; ouders geïnformeerd" }, School);
        Assert.IsType<Outcome.Accepted>(extended.Outcome);

        fixture.Clock.Advance(TimeSpan.FromDays(50));
        await grain.WaitFor(CaseClocks.ZorgplichtWarning);
        Assert.DoesNotContain(await grain.History(), e => e.What == CaseClocks.ZorgplichtBreached);
    }

    [Fact]
    public async Task A_child_out_of_school_is_flagged_as_thuiszitter_after_four_weeks()
    {
        var grain = await Open(new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sem de Wit", DateOfBirth = "2016-01-01", Municipality = "GM0001" },
            Sector = "PO",
            OutOfSchoolSince = Today(),
        });
        fixture.Clock.Advance(TimeSpan.FromDays(27));
        await Task.Delay(1500);
        Assert.DoesNotContain(await grain.History(), e => e.What == CaseClocks.ThuiszitterFlagged);

        fixture.Clock.Advance(TimeSpan.FromDays(2));
        var flagged = await grain.WaitFor(CaseClocks.ThuiszitterFlagged);
        Assert.Equal("onderwijsconsulent", flagged.Single(e => e.What == CaseClocks.ThuiszitterFlagged).Details!["suggestion"]);
    }

    [Fact]
    public async Task A_tlv_warns_three_months_before_it_ends_and_stops_paying_after()
    {
        var grain = await Open(new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Mila Smit", DateOfBirth = "2016-03-03", Municipality = "GM0001", School = "11AA00" },
        });
        foreach (var command in new CaseCommand[]
        {
            new() { Trigger = "StartIntake" },
            new() { Trigger = "RequestTlv", SchoolType = "SO" },
            new() { Trigger = "RecordExpertAdvice", Expert = "Drs. Jansen", Discipline = "psycholoog" },
            new() { Trigger = "RecordExpertAdvice", Expert = "Dr. Peters", Discipline = "arts" },
            new() { Trigger = "GrantTlv", SchoolType = "SO", Category = "Laag", IssuedBy = "PO1003", StartDate = Today(), EndDate = Today(365) },
        })
            // The TLV is the verband's decision; the school asks for it.
            Assert.IsType<Outcome.Accepted>((await grain.Apply(command, command.Trigger == "GrantTlv" ? new Actor("coordinator", "PO1001") : School)).Outcome);

        fixture.Clock.Advance(TimeSpan.FromDays(365 - 91));
        await grain.WaitFor(CaseClocks.TlvRenewalDue);
        Assert.Contains(await grain.History(), e => e.What == CaseClocks.TlvRenewalDue);

        Assert.Contains("PO1003", (await grain.Get())!.Parties.Verbanden());
        fixture.Clock.Advance(TimeSpan.FromDays(92));
        await grain.WaitFor(CaseClocks.TlvExpired);
        var ended = (await grain.Get())!;
        Assert.Null(ended.CurrentTlv);
        // Its issuer pays no more and is no party any more: at once, not at some later change of the case.
        Assert.DoesNotContain("PO1003", ended.Parties.Verbanden());
        Assert.Contains(await grain.History(), e => e.What == "PartiesChanged" && e.Reason == "the TLV ended");
    }
}
