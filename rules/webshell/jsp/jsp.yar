/*
   JSP / Java web shells: request input reaching Runtime.exec,
   ProcessBuilder, ScriptEngine or a ClassLoader that defines classes from
   request bytes (Behinder, Godzilla), tunnels and file managers.
*/

private rule triage_jsp_file
{
    meta:
        description = "Helper: JSP/JSPX source"
        author = "triage"
        date = "2026-11-27"
        reference = "https://jakarta.ee/specifications/pages/"
        score = 0
        category = "suspicious"
        family = "helper"
    strings:
        $a = "<%" ascii
        $b = "<jsp:scriptlet" ascii
        $c = "<jsp:declaration" ascii
    condition:
        any of them
}

rule triage_jsp_request_exec
{
    meta:
        description = "JSP: request parameter or header run as an OS command (Runtime.exec / ProcessBuilder)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://docs.oracle.com/javase/8/docs/api/java/lang/Runtime.html"
        score = 85
        category = "webshell"
        family = "jsp-cmd"
    strings:
        // the request object by any of its names: request, pageContext.getRequest(), _jspx_page_context...
        $direct = /\.exec\s*\(\s*(new\s+String\s*\[\s*\]\s*\{[^}]{0,80})?(request|getRequest\s*\(\s*\))\s*\.\s*get(Parameter|Header)\s*\(/
        $exec = /Runtime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(/
        // the Runtime kept in a variable first (Runtime r = Runtime.getRuntime(); r.exec(...))
        $rt_var = /Runtime\s+[A-Za-z_$][A-Za-z0-9_$]{0,40}\s*=\s*Runtime\s*\.\s*getRuntime\s*\(\s*\)/
        $exec_call = /\.exec\s*\(/
        $pb = /new\s+ProcessBuilder\s*\(/
        $req = /(request|getRequest\s*\(\s*\))\s*\.\s*get(Parameter|Header|ParameterValues)\s*\(/
        $out = /get(Input|Error)Stream\s*\(\s*\)/
    condition:
        triage_jsp_file and ($direct or (($exec or $pb or ($rt_var and $exec_call)) and $req and $out and
                                          filesize < 200KB))
}

rule triage_jsp_class_loader
{
    meta:
        description = "JSP: defines a class from request bytes (Behinder/Godzilla/AntSword JSP style: decrypt, defineClass, newInstance)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://docs.oracle.com/javase/8/docs/api/java/lang/ClassLoader.html"
        score = 90
        category = "webshell"
        family = "behinder-godzilla-jsp"
    strings:
        $define = "defineClass" ascii
        $loader = /extends\s+ClassLoader/
        $reflect = /getDeclaredMethod\s*\(\s*"defineClass"/
        $crypt1 = /Cipher\s*\.\s*getInstance\s*\(/
        $crypt2 = "Base64" ascii
        $crypt3 = "BASE64Decoder" ascii
        $in1 = /request\s*\.\s*getReader\s*\(\s*\)/
        $in2 = /request\s*\.\s*getInputStream\s*\(\s*\)/
        $in3 = /request\s*\.\s*getParameter\s*\(/
        $run = /newInstance\s*\(\s*\)/
        // the loaded class handed the page's context: how Behinder-style payloads get request and response
        $ctx = /\.equals\s*\(\s*pageContext\s*\)/
        // or made a servlet and slipped into the container (Jasper's wrappers, an access log told to skip it)
        $servlet = /\(\s*(javax\.servlet\.|jakarta\.servlet\.)?Servlet\s*\)\s*[A-Za-z_][A-Za-z0-9_]{0,30}\s*\.\s*newInstance/
        $inject = /JspRuntimeContext|\.addWrapper\s*\(|\.addChild\s*\(|setCondition\s*\(/
    condition:
        triage_jsp_file and $define and ($loader or $reflect) and $run and
        ((1 of ($crypt*) and 1 of ($in*)) or $ctx or ($servlet and $inject))
}

rule triage_jsp_script_engine
{
    meta:
        description = "JSP: request input evaluated by a ScriptEngine (JavaScript/Nashorn eval shell)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://docs.oracle.com/javase/8/docs/api/javax/script/ScriptEngine.html"
        score = 85
        category = "webshell"
        family = "jsp-scriptengine"
    strings:
        $sem = "ScriptEngineManager" ascii
        $eval = /\.eval\s*\(\s*(new\s+String\s*\()?request\.get(Parameter|Header)/
    condition:
        triage_jsp_file and $sem and $eval
}

rule triage_jsp_tunnel
{
    meta:
        description = "JSP: HTTP-to-TCP tunnel (reGeorg style): socket channel kept in the session, steered by request headers"
        author = "triage"
        date = "2026-11-27"
        reference = "https://github.com/sensepost/reGeorg"
        score = 85
        category = "webshell"
        family = "regeorg-tunnel"
    strings:
        $sc = "SocketChannel" ascii
        $sess = /session\s*\.\s*setAttribute\s*\(/
        $h1 = "X-CMD" ascii
        $h2 = "X-TARGET" ascii
        $h3 = "X-STATUS" ascii
        $c1 = "\"CONNECT\""
        $c2 = "\"FORWARD\""
        $c3 = "\"DISCONNECT\""
    condition:
        triage_jsp_file and $sc and $sess and (2 of ($h*) or 2 of ($c*))
}

rule triage_jsp_file_manager
{
    meta:
        description = "JSP: file browser/writer driven by request parameters (upload, write, delete of arbitrary paths)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        score = 60
        category = "webshell"
        family = "jsp-file-manager"
    strings:
        $f = /new\s+File\s*\(\s*request\.getParameter\s*\(/
        $w = /new\s+FileOutputStream\s*\(\s*(new\s+File\s*\()?request\.getParameter\s*\(/
        $l = /\.listFiles\s*\(\s*\)/
        $d = /\.delete\s*\(\s*\)/
        // any writer (streams, writers, a java.util.logging FileHandler) opened on a path the request names
        // under the web root, in a page of a few lines that also takes the content from the request
        $sink = /new\s+(java\.(io|util\.logging)\.)?(FileOutputStream|FileWriter|FileHandler|PrintWriter|RandomAccessFile)\s*\(\s*[^;]{0,120}(request|getRequest\s*\(\s*\))\s*\.\s*getParameter\s*\(/
        $req = /(request|getRequest\s*\(\s*\))\s*\.\s*getParameter\s*\(/
        // or opened on a variable, in a page that prints the web root's real path (where to write next)
        $sink_var = /new\s+(java\.io\.)?(FileOutputStream|FileWriter|PrintWriter)\s*\(\s*[a-z_][a-z_0-9]{0,30}\s*(,\s*(true|false)\s*)?\)/
        $real = /(out\s*\.\s*print(ln)?\s*\(|<%=)\s*[^;%]{0,60}getRealPath\s*\(/
        $write = /\.write\s*\(/
    condition:
        triage_jsp_file and ($w or ($f and $l and $d) or ($sink and #req >= 2 and filesize < 5KB) or
                             ($sink_var and $real and $write and #req >= 2 and filesize < 5KB))
}

rule triage_jsp_dynamic_exec
{
    meta:
        description = "JSP: request input next to a code-loading or process primitive shells use to dodge Runtime.exec signatures (BCEL class loader, ProcessImpl/UNIXProcess reflection, EL or script engine eval, JNDI lookup, in-page javac, TemplatesImpl bytecode, java.beans.Expression, XMLDecoder or ObjectInputStream deserialization)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://docs.oracle.com/javase/8/docs/api/java/lang/reflect/Method.html"
        score = 80
        category = "webshell"
        family = "jsp-dynamic-exec"
    strings:
        $req = /(request|getRequest\s*\(\s*\))\s*\.\s*get(Parameter|Header|InputStream|Reader|QueryString|ParameterValues|ParameterMap)\s*\(/
        $xmldec = /new\s+(java\.beans\.)?XMLDecoder\s*\(/
        $ois = /new\s+(java\.io\.)?ObjectInputStream\s*\(\s*(new\s+[A-Za-z_.]{1,60}\s*\(\s*){0,3}(request|getRequest\s*\(\s*\))\s*\.\s*getInputStream/
        $read_obj = /\.readObject\s*\(\s*\)/
        $bcel1 = "$$BCEL$$" ascii
        $bcel2 = "bcel.internal.util.ClassLoader" ascii
        $proc1 = "java.lang.ProcessImpl" ascii
        $proc2 = "java.lang.UNIXProcess" ascii
        $proc3 = "forkAndExec" ascii
        $jndi = /InitialContext\s*\(\s*\)\s*\.\s*lookup\s*\(\s*request\s*\.\s*get/
        $javac = /ToolProvider\s*\.\s*getSystemJavaCompiler\s*\(/
        $tpl1 = "TemplatesImpl" ascii
        $tpl2 = "_bytecodes" ascii
        $bean = /new\s+(java\.beans\.)?(Expression|Statement)\s*\(\s*[A-Za-z_"]/
        $anon = "defineAnonymousClass" ascii
        $mu = /MethodUtil\s*\.\s*invoke\s*\(/
        $el = /new\s+(javax\.el\.)?ELProcessor\s*\(\s*\)/
        $sem = /getEngineByName\s*\(|getEngineByExtension\s*\(|ScriptEngineManager\s*\(\s*\)/
        $eval = /\.eval\s*\(/
        $ucl = /new\s+(java\.net\.)?URLClassLoader\s*\(/
        $load = /\.loadClass\s*\(/
        $inst = /\.newInstance\s*\(/
        // JDK classes whose only business here is running things: JShell, MimeLauncher (execs its
        // execPath), JdbcRowSetImpl (a JNDI lookup of its data source name), class bytes written with ASM
        $jshell = /JShell\s*\.\s*(builder|create)\s*\(/
        $mime = "sun.net.www.MimeLauncher" ascii
        $rowset = /setDataSourceName\s*\(\s*(request|getRequest\s*\(\s*\))\s*\.\s*get/
        $asm = /"java\/lang\/(Runtime|ProcessBuilder|ProcessImpl|UNIXProcess)"/
    condition:
        triage_jsp_file and filesize < 300KB and $req and
        (any of ($bcel*, $proc*, $jndi, $javac, $anon, $mu, $jshell, $mime, $rowset, $asm) or ($tpl1 and $tpl2) or
         $bean or (($el or $sem) and $eval) or ($ucl and $load and $inst) or (($xmldec or $ois) and $read_obj))
}

rule triage_jspx_entity_encoded_code
{
    meta:
        description = "JSPX: Java code inside a scriptlet, declaration or expression written as XML character references (&#x52;&#x75;...), which the container decodes before compiling; real pages never spell code that way"
        author = "triage"
        date = "2026-11-27"
        reference = "https://jakarta.ee/specifications/pages/3.1/jakarta-server-pages-spec-3.1#xml-view"
        score = 80
        category = "webshell"
        family = "jspx-entity-obfuscation"
    strings:
        $s1 = "<jsp:scriptlet" ascii
        $s2 = "<jsp:declaration" ascii
        $s3 = "<jsp:expression" ascii
        $ent = /(&#(x[0-9a-fA-F]{2,4}|[0-9]{2,5});){24}/
    condition:
        filesize < 2MB and any of ($s*) and $ent
}

rule triage_jsp_memory_shell_injector
{
    meta:
        description = "JSP: reaches Tomcat's StandardContext by reflection and registers a filter, listener or servlet at run time (memory web shell injector: the shell lives on after the file is deleted)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://tomcat.apache.org/tomcat-9.0-doc/api/org/apache/catalina/core/StandardContext.html"
        score = 85
        category = "webshell"
        family = "jsp-memory-shell"
    strings:
        $ctx1 = "StandardContext" ascii
        $ctx2 = "ApplicationContextFacade" ascii
        $ctx3 = "ApplicationContext" ascii
        $acc = /setAccessible\s*\(\s*true\s*\)/
        $add1 = /\.addApplicationEventListener\s*\(/
        $add2 = /\.addFilterDef\s*\(/
        $add3 = /\.addFilterMap(Before)?\s*\(/
        $add4 = /\.addServletMapping(Decoded)?\s*\(/
        $add5 = /\.addChild\s*\(/
        $add6 = /\.addValve\s*\(/
    condition:
        triage_jsp_file and filesize < 300KB and $ctx1 and ($ctx2 or $ctx3) and $acc and any of ($add*)
}

rule triage_jsp_jspspy_family
{
    meta:
        description = "JSP: JspSpy-style shell (a map of named 'invokers' behind a session password: file manager, command console, port map, database client)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        score = 85
        category = "webshell"
        family = "jspspy"
    strings:
        $iface = /interface\s+Invoker\b/
        $call = /\.invoke\s*\(\s*request\s*,\s*response\s*,/
        $m1 = "SHELL_ONLINE" ascii
        $m2 = "exeRclientO" ascii
        $m3 = "PORT_MAP" ascii
        $m4 = "JspSpy" ascii
        $m5 = "\"vLogin\"" ascii
        $m6 = "\"removedir\"" ascii
        $m7 = "\"vCreateFile\"" ascii
        $m8 = "PW_SESSION_ATTRIBUTE" ascii
    condition:
        triage_jsp_file and $iface and $call and 2 of ($m*)
}

rule triage_chopper_server_protocol
{
    meta:
        description = "China Chopper / AntSword server page (JSP, PHP, ASP.NET): answers wrapped in the client's ->| and |<- markers, with a one-letter command switch (A: info, B: list, M: run...)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-ii"
        score = 90
        category = "webshell"
        family = "china-chopper"
    strings:
        $open1 = /["']->["']\s*\+\s*["']\|["']/
        $open2 = /["']->\|["']/
        $close1 = /["']\|["']\s*\+\s*["']<-["']/
        $close2 = /["']\|<-["']/
        $switch = /\.equals\s*\(\s*"[A-Q]"\s*\)|==\s*["'][A-Q]["']|case\s+["'][A-Q]["']\s*:/
        // the protocol's parameters: z (the action's key), z0 (encoding), z1/z2 (arguments)
        $z1 = /(getParameter\s*\(|\.\s*(Form|Item|Params|QueryString)\s*\[|Request\s*\[)\s*"[zZ]1"/
        $z2 = /(getParameter\s*\(|\.\s*(Form|Item|Params|QueryString)\s*\[|Request\s*\[)\s*"[zZ]2"/
    condition:
        filesize < 500KB and ((any of ($open*) and any of ($close*) and #switch >= 5) or ($z1 and $z2 and #switch >= 8))
}

rule triage_jsp_unicode_escaped_code
{
    meta:
        description = "JSP: scriptlet code written as \\uXXXX escapes of plain ASCII (javac decodes them before compiling; the source shows no Java a signature could read)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://docs.oracle.com/javase/specs/jls/se8/html/jls-3.html#jls-3.3"
        score = 75
        category = "webshell"
        family = "jsp-obfuscated"
    strings:
        $tag = "<%"
        $jsp = "<jsp:"
        // eight printable ASCII characters in a row, each escaped: no i18n text or JSON escaping does that
        $run = /(\\u00[2-7][0-9a-fA-F]){8}/
    condition:
        filesize < 1MB and ($tag or $jsp) and #run >= 3
}

rule triage_jsp_encoded_class_names
{
    meta:
        description = "JSP: the classes and methods that run commands or load code named only in base64 (ProcessBuilder, Runtime, ClassLoader, defineClass, ScriptEngineManager), to be looked up by reflection"
        author = "triage"
        date = "2026-11-27"
        reference = "https://docs.oracle.com/javase/8/docs/api/java/lang/Class.html#forName-java.lang.String-"
        score = 75
        category = "webshell"
        family = "jsp-reflection"
    strings:
        $c1 = "java.lang.ProcessBuilder" base64
        $c2 = "java.lang.Runtime" base64
        $c3 = "java.lang.ClassLoader" base64
        $c4 = "defineClass" base64
        $c5 = "javax.script.ScriptEngineManager" base64
        $c6 = "java.lang.ProcessImpl" base64
        $c7 = "getRuntime" base64
    condition:
        triage_jsp_file and filesize < 1MB and any of them
}

rule triage_jsp_el_param_calls
{
    meta:
        description = "JSP: an EL expression that calls methods named by request parameters (${\"\"[param.a]()[param.b](param.c)...}): reflection to a script engine or Runtime with no name in the file"
        author = "triage"
        date = "2026-11-27"
        reference = "https://jakarta.ee/specifications/expression-language/3.0/"
        score = 80
        category = "webshell"
        family = "jsp-el"
    strings:
        $call = /[$#]\{[^}\n]{0,300}\[\s*(param|paramValues|header|cookie)\s*\.\s*[A-Za-z_0-9]{1,30}\s*\]\s*\(/
    condition:
        filesize < 1MB and #call >= 1
}

rule triage_jsp_thread_walk_exec
{
    meta:
        description = "JSP: walks the thread group by reflection to reach the live request (the trick of memory shells and timer shells that outlive their page) and runs commands"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        score = 80
        category = "webshell"
        family = "jsp-memshell"
    strings:
        $threads = /getDeclaredField\s*\(\s*"threads"\s*\)/
        $group = /getThreadGroup\s*\(\s*\)/
        $this0 = "\"this$0\"" ascii
        $exec = /Runtime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(|new\s+ProcessBuilder\s*\(/
        $timer = /new\s+(java\.util\.)?Timer\s*\(|scheduleAtFixedRate\s*\(/
    condition:
        triage_jsp_file and filesize < 300KB and $exec and ($threads or ($group and $this0)) and ($timer or $this0)
}

rule triage_jsp_byte_array_reflection
{
    meta:
        description = "JSP: class and method names spelled as byte arrays (new String(new byte[]{106,97,118,97,...})) and called by reflection, so no sink name is in the source"
        author = "triage"
        date = "2026-11-27"
        reference = "https://docs.oracle.com/javase/8/docs/api/java/lang/reflect/Method.html#invoke-java.lang.Object-java.lang.Object...-"
        score = 75
        category = "webshell"
        family = "jsp-reflection"
    strings:
        $bytes = /new\s+String\s*\(\s*new\s+byte\s*\[\s*\]\s*\{\s*\d{2,3}\s*,/
        $forname = /Class\s*\.\s*forName\s*\(|\.loadClass\s*\(/
        $invoke = /\.invoke\s*\(/
        $req = /(request|getRequest\s*\(\s*\))\s*\.\s*get(Parameter|Header|InputStream|Reader)\s*\(/
    condition:
        triage_jsp_file and filesize < 500KB and #bytes >= 2 and $forname and $invoke and $req
}

rule triage_el_runtime_call
{
    meta:
        description = "JSF/JSP EL expression that loads java.lang.Runtime or ProcessBuilder by reflection (a Facelets or EL shell with no scriptlet at all)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://jakarta.ee/specifications/expression-language/"
        score = 80
        category = "webshell"
        family = "jsp-el"
    strings:
        $el = /[#$]\{[^}\n]{0,400}(loadClass|forName)\s*\(\s*["']java\.lang\.(Runtime|ProcessBuilder)["']/
        $el2 = /[#$]\{[^}\n]{0,400}getMethod\s*\(\s*["'](exec|start)["']/
    condition:
        filesize < 1MB and ($el or $el2)
}

