/*
   PHP web shells: request input reaching execution or code loading.
   Written for triage; each rule needs both ends of the flow (a request
   source and a dangerous sink) close together, so framework code that merely
   contains both words far apart stays silent.
*/

private rule triage_php_file
{
    meta:
        description = "Helper: a PHP file (open tag near the start or anywhere in a small file)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/language.basic-syntax.phptags.php"
        score = 0
        category = "suspicious"
        family = "helper"
    strings:
        $open = "<?php" nocase
        $short = /<\?(=\s*[@$a-z`(\[]|\s+[@$a-z`(]|[@$])/
        $script = /<script\s+language\s*=\s*['"]?php['"]?\s*>/ nocase
    condition:
        $open or (($short or $script) and filesize < 2MB)
}

rule triage_php_request_direct_exec
{
    meta:
        description = "PHP: a request value passed straight to eval/assert/system/exec/passthru/shell_exec/popen/proc_open"
        author = "triage"
        date = "2026-11-27"
        reference = "https://owasp.org/www-community/attacks/Code_Injection"
        score = 90
        category = "webshell"
        family = "php-eval-request"
    strings:
        $direct = /\b(eval|assert|system|exec|passthru|shell_exec|popen|proc_open|pcntl_exec|create_function)\s*\(\s*(@\s*)?(\(\s*string\s*\)\s*)?((base64_decode|str_rot13|gzinflate|gzuncompress|gzdecode|stripslashes|trim|urldecode|rawurldecode|hex2bin|strrev|hex2bin)\s*\(\s*)*@?\$_(GET|POST|REQUEST|COOKIE|SERVER|FILES)\s*\[/ nocase
        $input = /\b(eval|assert|system|exec|passthru|shell_exec|popen|proc_open)\s*\(\s*@?((base64_decode|gzinflate|gzuncompress|str_rot13|strrev)\s*\(\s*)*(file_get_contents\s*\(\s*['"]php:\/\/input|\$HTTP_RAW_POST_DATA|getallheaders\s*\(\s*\)\s*\[)/ nocase
        $bt = /(=|echo|print|return)\s*`\s*\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]]{1,40}\]\s*`/
        $inc = /\b(include|require)(_once)?\s*\(?\s*\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]]{1,40}\]\s*\)?\s*;/ nocase
        $concat = /\b(eval|assert)\s*\(\s*@?["'][^;\n]{0,80}["']\s*\.\s*@?\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
        // a command line with the request's text glued on: exec("cmd.exe /c " . $_SERVER['HTTP_X'])
        $cmd_concat = /\b(system|exec|passthru|shell_exec|popen|proc_open)\s*\(\s*@?["'][^"'\n]{0,60}["']\s*\.\s*@?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[/ nocase
        // code fetched from a URL or path the request names, then run
        $fetched = /\b(eval|assert)\s*\(\s*@?((base64_decode|gzinflate|gzuncompress|str_rot13|trim)\s*\(\s*@?)*(file_get_contents|implode\s*\(\s*['"]['"]\s*,\s*@?file)\s*\(\s*@?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[/ nocase
    condition:
        triage_php_file and any of them
}

rule triage_php_request_as_function
{
    meta:
        description = "PHP: a request value called as a function ($_GET['f']($_GET['c']) and variants)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/functions.variable-functions.php"
        score = 85
        category = "webshell"
        family = "php-variable-function"
    strings:
        $call = /@?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[[^\]\n]{1,40}\]\s*\(\s*[@$'"a-z]/ nocase
        $call2 = /\$\{\s*['"]_(GET|POST|REQUEST|COOKIE)['"]\s*\}\s*\[[^\]\n]{1,40}\]\s*\(/ nocase
    condition:
        triage_php_file and any of them
}

rule triage_php_callback_exec
{
    meta:
        description = "PHP: execution through a callback (array_map, usort, call_user_func, register_shutdown_function...) fed by the request"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/language.types.callable.php"
        score = 85
        category = "webshell"
        family = "php-callback"
    strings:
        $cb_req = /\b(array_map|call_user_func|call_user_func_array|register_shutdown_function|register_tick_function|forward_static_call|forward_static_call_array|ob_start|set_error_handler|set_exception_handler|spl_autoload_register)\s*\(\s*@?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[/ nocase
        $cb_req2 = /\b(usort|uasort|uksort|array_filter|array_walk|array_walk_recursive|array_reduce|iterator_apply)\s*\(\s*(\$[a-z_0-9]{1,30}|array\s*\(\s*@?\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]]{1,40}\]\s*\))\s*,\s*@?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[/ nocase
        $cb_req3 = /\b(preg_replace_callback|mb_ereg_replace_callback)\s*\(\s*['"][^'"]{1,100}['"]\s*,\s*@?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[/ nocase
        $cb_sink = /\b(array_map|array_filter|array_walk|call_user_func|call_user_func_array|usort|uasort|uksort|register_shutdown_function|register_tick_function|iterator_apply|forward_static_call|ob_start)\s*\(\s*['"](assert|eval|system|exec|passthru|shell_exec|popen|proc_open|create_function)['"]\s*,/ nocase
        $req = /\$_(GET|POST|REQUEST|COOKIE)\s*\[/
        $decoded = /\b(call_user_func|call_user_func_array|array_map|register_shutdown_function)\s*\(\s*(base64_decode|str_rot13|strrev|hex2bin)\s*\(/ nocase
        $filter_sink = /FILTER_CALLBACK[^;]{0,120}['"]options['"]\s*=>\s*['"](assert|eval|system|exec|passthru|shell_exec|popen|proc_open|create_function)['"]/ nocase
    condition:
        triage_php_file and ($cb_req or $cb_req2 or $cb_req3 or (($cb_sink or $filter_sink) and $req) or ($decoded and $req))
}

rule triage_php_preg_replace_eval
{
    meta:
        description = "PHP: preg_replace with the /e modifier and request input (code execution through the replacement)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/reference.pcre.pattern.modifiers.php"
        score = 80
        category = "webshell"
        family = "php-preg-e"
    strings:
        $e = /preg_replace\s*\(\s*['"][\/#~!|@][^'"\n]{0,80}[\/#~!|@][imsxuADSUX]{0,6}e[imsxuADSUX]{0,6}['"]\s*,/
        // the pattern kept in a variable first
        $e_var1 = /=\s*'[\/#~!|@][^'\n]{0,80}[\/#~!|@][imsxuADSUX]{0,6}e[imsxuADSUX]{0,6}';/
        $e_var2 = /=\s*"[\/#~!|@][^"\n]{0,80}[\/#~!|@][imsxuADSUX]{0,6}e[imsxuADSUX]{0,6}";/
        $pr_var = /preg_replace\s*\(\s*\$[a-z_0-9]{1,30}\s*,/ nocase
        $req = /\$_(GET|POST|REQUEST|COOKIE)\s*\[/
    condition:
        triage_php_file and ($e or (any of ($e_var*) and $pr_var)) and $req
}

rule triage_php_create_function_request
{
    meta:
        description = "PHP: create_function or a closure built from request input"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/function.create-function.php"
        score = 80
        category = "webshell"
        family = "php-create-function"
    strings:
        $cf = /create_function\s*\([^;]{0,80}\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
    condition:
        triage_php_file and $cf
}

rule triage_php_reflection_exec
{
    meta:
        description = "PHP: reflection or a variable holding a sink name invoked with request input"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/class.reflectionfunction.php"
        score = 75
        category = "webshell"
        family = "php-reflection"
    strings:
        $refl = /new\s+ReflectionFunction\s*\(\s*(\$_(GET|POST|REQUEST|COOKIE)|['"](system|assert|exec|passthru|shell_exec)['"])/ nocase
        $invoke = /->invoke(Args)?\s*\(\s*\$_(GET|POST|REQUEST|COOKIE)/ nocase
        $var_sink = /\$[a-z_0-9]{1,20}\s*=\s*['"](assert|system|passthru|shell_exec|exec|eval)['"]\s*;/ nocase
        $var_call = /\$[a-z_0-9]{1,20}\s*\(\s*@?\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
    condition:
        triage_php_file and (($refl and $invoke) or $refl or ($var_sink and $var_call))
}

rule triage_php_write_request_to_file
{
    meta:
        description = "PHP: writes a request-named file with request-supplied content (dropper / stage-two uploader)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://owasp.org/www-community/vulnerabilities/Unrestricted_File_Upload"
        score = 75
        category = "webshell"
        family = "php-dropper"
    strings:
        $fpc = /file_put_contents\s*\(\s*\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]]{1,40}\]\s*,\s*((base64_decode|gzinflate|urldecode|stripslashes)\s*\(\s*)*\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
        $fw = /fwrite\s*\(\s*fopen\s*\(\s*\$_(GET|POST|REQUEST)\s*\[[^\]]{1,40}\]\s*,\s*['"][wa]b?\+?['"]\s*\)\s*,\s*((base64_decode|stripslashes)\s*\(\s*)*\$_(GET|POST|REQUEST)/ nocase
        $fetch = /file_put_contents\s*\([^;]{1,100},\s*file_get_contents\s*\(\s*['"]https?:\/\/[^'"]{4,200}\.(txt|jpg|png|gif)['"]\s*\)\s*\)/ nocase
        // the same in two statements: $f = fopen($_POST['f'], 'w'); fwrite($f, $_POST['c']);
        $open_req = /=\s*@?fopen\s*\(\s*\$_(GET|POST|REQUEST)\s*\[[^\]]{1,40}\]\s*,\s*['"][wa]b?\+?['"]\s*\)/ nocase
        $write_req = /\b(fwrite|fputs)\s*\(\s*\$[a-z_0-9]{1,30}\s*,\s*((base64_decode|stripslashes|urldecode)\s*\(\s*)*\$_(GET|POST|REQUEST)\s*\[/ nocase
    condition:
        triage_php_file and ($fpc or $fw or $fetch or ($open_req and $write_req))
}

rule triage_php_request_var_to_sink
{
    meta:
        description = "PHP: small script copies a request value into a variable and hands a variable to a command or eval sink"
        author = "triage"
        date = "2026-11-27"
        reference = "https://owasp.org/www-community/attacks/Command_Injection"
        score = 65
        category = "webshell"
        family = "php-cmd"
    strings:
        $assign = /=\s*@?\(?\s*(trim\s*\(\s*|base64_decode\s*\(\s*|stripslashes\s*\(\s*)?\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]]{1,40}\]\s*\)?\s*;/ nocase
        // or cleaned up on the way: $c = str_replace("\\\\", "\\", $_POST['cmd']);
        $assign_fixed = /=\s*@?(str_i?replace|preg_replace)\s*\(\s*['"][^'"\n]{0,20}['"]\s*,\s*['"][^'"\n]{0,20}['"]\s*,\s*\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]]{1,40}\]\s*\)\s*;/ nocase
        // assert() only on the variable itself or a decoder of it: assert(is_string($id)) is a type check
        $sink = /(\n|;|\{|\}|\)|\?>|<\?php)\s*((echo|print|return)\s+|\$[a-z_0-9]{1,20}\s*=\s*)?@?((system|exec|passthru|shell_exec|popen|proc_open|eval|pcntl_exec)\s*\(\s*@?([a-z_][a-z_0-9]{0,30}\s*\(\s*@?){0,2}(["'][^"'\n]{0,40}["']\s*\.\s*)?|assert\s*\(\s*@?((base64_decode|str_rot13|gzinflate|gzuncompress|stripslashes|trim|urldecode|rawurldecode|hex2bin|strrev)\s*\(\s*@?)?)["']?\$[a-z_0-9]{1,20}\s*["']?\s*[,).]/ nocase
        $extract = /(extract|parse_str)\s*\(\s*\$_(GET|POST|REQUEST|COOKIE|SERVER)/ nocase
        $varcall = /(\belse|;|\{)\s*@\$[a-z_0-9]{1,20}\s*\(\s*@?\$[a-z_0-9]{1,20}\s*\)/ nocase
        // the whole superglobal copied ($r = $_GET + $_POST; $r = &$_POST; array_merge($_GET, $_POST)),
        // then one of its elements handed to a sink
        $alias = /\$[a-z_0-9]{1,30}\s*=\s*&?\s*(array_merge\s*\(\s*)?\$_(GET|POST|REQUEST|COOKIE)\s*(\+|,|\)|;)/ nocase
        $sink_elem = /\b(eval|assert|system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec)\s*\(\s*@?((base64_decode|str_rot13|gzinflate|gzuncompress|stripslashes|trim|urldecode|rawurldecode|hex2bin|strrev)\s*\(\s*)*\$[a-z_0-9]{1,30}\s*\[/ nocase
    condition:
        triage_php_file and filesize < 20KB and
        ((($assign or $assign_fixed) and $sink) or ($extract and ($sink or $varcall)) or ($alias and $sink_elem))
}

rule triage_php_dynamic_call_request
{
    meta:
        description = "PHP: a function name computed by string tricks (str_replace, strrev, base64, implode...) and called on request input"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/functions.variable-functions.php"
        score = 75
        category = "webshell"
        family = "php-variable-function"
    strings:
        $made = /=\s*@?(str_replace|strrev|base64_decode|str_rot13|implode|join|substr|strtolower|strtoupper|hex2bin|gzinflate|pack|sprintf|ucfirst|trim)\s*\(/ nocase
        $call = /\$[a-z_0-9]{1,20}\s*\(\s*@?(\$_(GET|POST|REQUEST|COOKIE)\s*\[|\$\{\s*["']_)/ nocase
    condition:
        triage_php_file and filesize < 5KB and $made and $call
}

/*
   Very small PHP scripts whose only job is to run what the request sends,
   written to slip past flow rules: a variable holding the function, a
   callback given the sink's name, the /e replacement modifier, a sink passed
   as a bare constant. In a file of a few lines, request (or session) input
   next to any of these is the whole program; in real applications these
   idioms live in large files, which this rule leaves to the others.
*/
rule triage_php_tiny_dynamic_exec
{
    meta:
        description = "PHP: a very small script where request or session input meets dynamic execution (variable function, callback with a sink or variable, /e replacement, sink as a bare constant)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/functions.variable-functions.php"
        score = 70
        category = "webshell"
        family = "php-tiny-dynamic"
    strings:
        $req1 = /\$_(GET|POST|REQUEST|COOKIE|SESSION|FILES)\s*\[/
        $req2 = /\$_SERVER\s*\[\s*['"]HTTP_/
        $req3 = "php://input" nocase
        $req4 = /getallheaders\s*\(/ nocase
        $req5 = /\$\{\s*['"]_(GET|POST|REQUEST|COOKIE)['"]\s*\}/
        $req6 = /=\s*&\s*\$_(GET|POST|REQUEST|COOKIE)\b/
        $req7 = /\bfilter_input(_array)?\s*\(\s*INPUT_(GET|POST|COOKIE|SERVER|REQUEST)\b/ nocase
        $varcall = /\$[a-z_0-9]{1,30}(\s*\[[^\]\n]{1,20}\]){0,3}\s*\(\s*[@(]{0,3}\s*(\(\s*(string|array)\s*\)\s*)?(\$_(GET|POST|REQUEST|COOKIE|SESSION|SERVER|FILES)\b|getallheaders\s*\(|file_get_contents\s*\(\s*['"]php:\/\/input)/ nocase
        $cb_name = /\b(array_filter|array_map|array_walk|array_walk_recursive|array_reduce|usort|uasort|uksort|call_user_func|call_user_func_array|register_shutdown_function|register_tick_function|iterator_apply|forward_static_call|forward_static_call_array|ob_start|set_error_handler|set_exception_handler|array_diff_ukey|array_intersect_ukey|array_udiff|array_uintersect|preg_replace_callback|mb_ereg_replace_callback)\s*\([^;]{0,200}['"](assert|eval|system|exec|passthru|shell_exec|popen|proc_open|pcntl_exec|create_function|preg_replace)['"]/ nocase
        $cb_first = /\b(array_map|call_user_func|call_user_func_array|register_shutdown_function|register_tick_function|forward_static_call|forward_static_call_array|ob_start|set_error_handler|set_exception_handler)\s*\(\s*@?\$[a-z_0-9]{1,30}(\s*\[[^\]\n]{1,20}\])?\s*[,)]/ nocase
        $cb_second = /\b(array_walk|array_walk_recursive|array_filter|array_reduce|usort|uasort|uksort|iterator_apply|preg_replace_callback|mb_ereg_replace_callback)\s*\(\s*[^,;()]{1,80},\s*@?\$[a-z_0-9]{1,30}\s*[,)]/ nocase
        $bare_sink = /\(\s*(assert|system|passthru|shell_exec|exec|create_function)\s*\)\s*;/ nocase
        $cb_map = /=>\s*['"](assert|preg_replace|create_function|system|passthru|shell_exec|exec|popen|proc_open)['"]/ nocase
        $assign_req = /\$[a-z_0-9]{1,30}\s*=\s*@?\$_(GET|POST|REQUEST|COOKIE|SESSION)\s*\[[^\]\n]{1,40}\]\s*;/ nocase
        $varcall_var = /\$[a-z_0-9]{1,30}\(\$[a-z_0-9]{1,30}\);/ nocase
        $writer = /fwrite\s*\(\s*fopen\s*\(\s*\$[a-z_0-9]{1,30}\s*,\s*['"][wa]b?\+?['"]\s*\)\s*,/ nocase
        $e_mod = /\b(preg_replace|preg_filter)\s*\(\s*['"][^'"\n]{1,80}[\/#~!|@%}\])][a-zA-Z]{0,6}e[a-zA-Z]{0,6}['"]\s*,/
        $mb_e = /\bmb_e?regi?_replace\s*\([^;]{1,200},\s*['"][a-z]{0,6}e[a-z]{0,6}['"]\s*\)/ nocase
        $cb_last = /\barray_(udiff|uintersect|diff_ukey|intersect_ukey|udiff_assoc|uintersect_assoc|diff_uassoc|intersect_uassoc|udiff_uassoc|uintersect_uassoc)\s*\(([^;()]|\([^;()]{0,40}\)){1,200},\s*@?\$[a-z_0-9]{1,30}\s*\)\s*;/ nocase
        $cb_decoded = /\b(array_filter|array_map|array_walk|array_walk_recursive|array_reduce|usort|uasort|uksort|call_user_func|call_user_func_array|register_shutdown_function|register_tick_function|iterator_apply|ob_start|array_udiff|array_uintersect|preg_replace_callback)\s*\([^;]{0,120}\b(base64_decode|str_rot13|strrev|hex2bin|gzinflate|urldecode|rawurldecode|substr_replace|substr|str_replace|str_ireplace|strtolower|strtoupper|ucfirst|trim|rtrim|ltrim|implode|join|sprintf|pack|convert_uudecode)\s*\(/ nocase
        $eval_var = /\b(eval|assert)\s*\(\s*@?\$[a-z_0-9]{1,30}\s*\)/ nocase
        $eval_concat = /\b(eval|assert)\s*\(\s*@?\$[a-z_0-9]{1,30}\s*\.\s*\$[a-z_0-9]{1,30}\s*\)/ nocase
        $cf_var = /\bcreate_function\s*\(\s*['"][^'"\n]{0,40}['"]\s*,\s*@?\$[a-z_0-9]{1,30}\s*\)/ nocase
        $filter_cb = /FILTER_CALLBACK[^;]{0,120}['"]options['"]\s*=>\s*(['"](assert|eval|system|exec|passthru|shell_exec|popen|proc_open|create_function)['"]|\$)/ nocase
    condition:
        triage_php_file and filesize < 1500 and any of ($req*) and
        ($varcall or $cb_name or $cb_first or $cb_second or $bare_sink or $e_mod or $mb_e or $cb_last or $cb_decoded or
         $filter_cb or $cb_map or $eval_var or $eval_concat or $cf_var or ($assign_req and ($varcall_var or $writer)))
}

rule triage_php_recon_command_menu
{
    meta:
        description = "PHP: a menu of canned reconnaissance commands (cat /etc/passwd, uname -a, netstat -an, find suid files...) next to a command sink: the quick-commands list of web shells"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1082/"
        score = 70
        category = "webshell"
        family = "php-cmd"
    strings:
        $c1 = /['"]cat \/etc\/passwd['"]/
        $c2 = /['"]uname -a['"]/
        $c3 = /['"]netstat -a?n[a-z]{0,3}['"]/
        $c4 = /['"]ps -?aux['"]/
        $c5 = /['"]find \/ -[a-z]{2,5} [^'"\n]{1,40}(suid|4000|passwd|config)[^'"\n]{0,40}['"]/
        $c6 = /['"]cat \/etc\/(issue|shadow|hosts|httpd\/conf\/httpd\.conf)['"]/
        $c7 = /['"]cat \/proc\/(version|cpuinfo)['"]/
        $c8 = /['"](ifconfig|ip addr|whoami|lsattr -va|ls -la)['"]/
        $c9 = /['"]locate [^'"\n]{1,40}(config|\.conf|passwd)[^'"\n]{0,20}['"]/
        $sink = /\b(system|exec|passthru|shell_exec|popen|proc_open)\s*\(/ nocase
    condition:
        triage_php_file and filesize < 2MB and 4 of ($c*) and $sink
}

rule triage_php_session_stager
{
    meta:
        description = "PHP: a tiny script that stores decoded request input in the session (the stager of a session-poisoning backdoor: another file, or a later request, runs what the session holds)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/reserved.variables.session.php"
        score = 55
        category = "webshell"
        family = "php-session-stager"
    strings:
        $store = /\$_SESSION\s*\[[^\]\n]{1,40}\]\s*=\s*@?(base64_decode|gzinflate|gzuncompress|str_rot13|strrev|hex2bin|rawurldecode|urldecode|convert_uudecode)\s*\(\s*@?(\w{2,20}\s*\(\s*)?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[/ nocase
    condition:
        triage_php_file and filesize < 2KB and $store
}

rule triage_php_superglobal_by_name
{
    meta:
        description = "PHP: a superglobal reached through its name in a string ($x = '_POST'; $$x), so no $_POST appears where its values are used"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/language.variables.variable.php"
        score = 65
        category = "webshell"
        family = "php-variable-function"
    strings:
        $name = /=\s*['"]_(POST|GET|REQUEST|COOKIE|SERVER|FILES)['"]\s*;/
        // a one-element list (a list of several is how old code cleans every superglobal in turn)
        $name2 = /(array\s*\(|[(=,]\s*\[)\s*['"]_(POST|GET|REQUEST|COOKIE)['"]\s*[)\]]/
        $vv = /\$\$[A-Za-z_]/
    condition:
        triage_php_file and filesize < 20KB and ($name or $name2) and $vv
}

