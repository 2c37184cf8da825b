using Coordination.Domain.Registry;

namespace Coordination.Domain.Tests;

/// <summary>The registry import: good rows kept, each bad row reported by its 1-based row number and field.</summary>
public class RegistryCsvTests
{
    private const string Header = "soort;verband;code;naam;type;gemeente;cluster;jeugdzorgregio;steunpunt;email;telefoon";

    private static string Csv(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    private static readonly string[] GoodRows =
    [
        "verband;PO2001;;SWV Utrecht PO;;;;Utrecht;Steunpunt Utrecht;info@swv.nl;030-1234567", // row 2
        "gemeente;PO2001;GM0344;Utrecht;;;;;;;",                                             // row 3
        "gemeente;PO2001;GM0353;IJsselstein;;;;;;;",                                         // row 4
        "school;PO2001;12AB00;De Regenboog;BAO;GM0344;;;;;",                                 // row 5
        "school;PO2001;12AB01;SO De Zon;SO;GM0344;3;;;;",                                    // row 6
        "school;VO2001;34CD00;Het Lyceum;VO;GM0344;;;;;",                                    // row 7: before its verband
        "verband;VO2001;;SWV Utrecht VO;;;;Utrecht;;;",                                       // row 8
        "gemeente;VO2001;GM0344;Utrecht;;;;;;;",                                             // row 9
    ];

    [Fact]
    public void A_good_file_parses_into_verbanden_with_municipalities_and_schools()
    {
        var result = RegistryCsv.Parse(Csv(GoodRows));

        Assert.Empty(result.Errors);
        Assert.Equal(8, result.Rows);
        Assert.Equal(2, result.Verbanden.Count);

        var po = Assert.Single(result.Verbanden, v => v.Registration.Code == "PO2001");
        Assert.Equal(2, po.Row);
        Assert.Equal("SWV Utrecht PO", po.Registration.Name);
        Assert.Equal("Utrecht", po.Registration.JeugdzorgRegio);
        Assert.Equal(Sector.PO, po.Registration.Sector);
        Assert.Equal(new SupportPoint("Steunpunt Utrecht", "info@swv.nl", "030-1234567"), po.Registration.SupportPoint);
        Assert.Equal([new Municipality("GM0344", "Utrecht"), new Municipality("GM0353", "IJsselstein")], po.Registration.Municipalities);
        Assert.Equal([3, 4], po.MunicipalityRows);
        Assert.Equal(
            [new School("12AB00", "De Regenboog", SchoolType.BAO, "GM0344"), new School("12AB01", "SO De Zon", SchoolType.SO, "GM0344", 3)],
            po.Registration.Schools);
        Assert.Equal([5, 6], po.SchoolRows);
        Assert.Empty(po.Registration.Validate());

        var vo = Assert.Single(result.Verbanden, v => v.Registration.Code == "VO2001");
        Assert.Null(vo.Registration.SupportPoint);
        Assert.Equal([7], vo.SchoolRows);
        Assert.Equal(SchoolType.VO, Assert.Single(vo.Registration.Schools).Type);
    }

    [Theory]
    [InlineData("school;PO2001;12AB0;Te kort;BAO;GM0344;;;;;", "code")]
    [InlineData("school;PO2001;12ab00;Kleine letters;BAO;GM0344;;;;;", "code")]
    [InlineData("school;PO2001;56GH00;Kentalis;SO;GM0344;1;;;;", "cluster")]
    [InlineData("school;PO2001;56GH00;Kentalis;SO;GM0344;2;;;;", "cluster")]
    [InlineData("school;PO2001;56GH00;Basis met cluster;BAO;GM0344;3;;;;", "cluster")]
    [InlineData("school;PO2001;56GH00;Een VO school;VO;GM0344;;;;;", "type")]
    [InlineData("school;PO2001;56GH00;Onbekend type;MBO;GM0344;;;;;", "type")]
    [InlineData("school;PO2001;56GH00;Numeriek type;2;GM0344;;;;;", "type")]
    [InlineData("school;PO2001;56GH00;Zonder naam;BAO;0344;;;;;", "gemeente")]
    [InlineData("school;PO2001;12AB00;Dubbel;BAO;GM0344;;;;;", "code")]
    [InlineData("school;PO9999;56GH00;Geen verband;BAO;GM0344;;;;;", "verband")]
    [InlineData("gemeente;PO2001;GM0344;Utrecht;;;;;", "row")]
    [InlineData("gemeente;PO2001;GM0344;Utrecht;;;;;;;;", "row")]
    [InlineData("gemeente;PO2001;344;Utrecht;;;;;;;", "code")]
    [InlineData("gemeente;PO2001;GM0344;Utrecht;;;;;;;", "code")]
    [InlineData("gemeente;PO2001;GM0999;;;;;;;;", "naam")]
    [InlineData("verband;PO20011;;SWV;;;;Utrecht;;;", "verband")]
    [InlineData("verband;PO2001;;SWV dubbel;;;;Utrecht;;;", "verband")]
    [InlineData("verband;PO2002;;SWV;;;;;;;", "jeugdzorgregio")]
    [InlineData("leerling;PO2001;;Sam;;;;;;;", "soort")]
    public void A_bad_row_is_reported_with_its_row_number_and_field_and_the_good_rows_are_kept(string badRow, string field)
    {
        // Header is row 1, the good rows 2-9, a blank line row 10 (it still counts), the bad row 11, one more good school row 12.
        var result = RegistryCsv.Parse(Csv([.. GoodRows, "", badRow, "school;PO2001;12AB02;De Linde;BAO;GM0353;;;;;"]));

        var error = Assert.Single(result.Errors);
        Assert.Equal(11, error.Row);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));

        var po = Assert.Single(result.Verbanden, v => v.Registration.Code == "PO2001");
        Assert.Equal(["12AB00", "12AB01", "12AB02"], po.Registration.Schools.Select(s => s.Code));
        Assert.Equal([5, 6, 12], po.SchoolRows);
        Assert.Equal(2, po.Registration.Municipalities.Count);
        Assert.Contains(result.Verbanden, v => v.Registration.Code == "VO2001");
    }

    [Fact]
    public void Several_bad_rows_are_all_reported_in_row_order()
    {
        var result = RegistryCsv.Parse(Csv(
            "school;PO2001;bad;X;BAO;GM0344;;;;;",
            "verband;PO2001;;SWV Utrecht PO;;;;Utrecht;;;",
            "school;PO2001;12AB00;Cluster 1;SO;GM0344;1;;;;",
            "school;PO2002;12AB01;Geen verband;BAO;GM0344;;;;;",
            "te;weinig"));

        Assert.Equal([(2, "code"), (4, "cluster"), (5, "verband"), (6, "row")], result.Errors.Select(e => (e.Row, e.Field)));
        Assert.Single(result.Verbanden);
    }

    [Theory]
    [InlineData("soort;verband;code;naam;type;gemeente;cluster;jeugdzorgregio;steunpunt;email")]
    [InlineData("type;verband;code;naam;soort;gemeente;cluster;jeugdzorgregio;steunpunt;email;telefoon")]
    [InlineData("soort,verband,code,naam,type,gemeente,cluster,jeugdzorgregio,steunpunt,email,telefoon")]
    [InlineData("")]
    public void A_wrong_header_refuses_the_whole_file(string header)
    {
        var result = RegistryCsv.Parse(header + "\n" + string.Join("\n", GoodRows));

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Row);
        Assert.Equal("header", error.Field);
        Assert.Empty(result.Verbanden);
        Assert.Equal(0, result.Rows);
    }

    [Fact]
    public void A_header_with_a_byte_order_mark_quotes_and_other_case_is_accepted()
    {
        var header = "\uFEFF\"Soort\";\"Verband\";code;naam;type;gemeente;cluster;jeugdzorgregio;steunpunt;email;telefoon";
        var result = RegistryCsv.Parse(header + "\n" + string.Join("\n", GoodRows));

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Verbanden.Count);
    }
}
