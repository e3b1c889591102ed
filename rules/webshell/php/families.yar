/*
   Well-known PHP web-shell family styles, described by their idioms
   (structure and behaviour) rather than by one sample's bytes.
*/

private rule triage_php_file_f
{
    meta:
        description = "Helper: a PHP file (as triage_php_file in request_to_exec.yar; rules see only their own file's private rules)"
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

rule triage_php_one_liner
{
    meta:
        description = "PHP: tiny one-liner that evaluates a request parameter (China Chopper / caidao / AntSword client style)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-i"
        score = 95
        category = "webshell"
        family = "china-chopper"
    strings:
        $open = "<?" ascii
        $sink = /\b(eval|assert)\s*\(\s*(@\s*)?((base64_decode|str_rot13|stripslashes|urldecode)\s*\(\s*)?\$_(POST|GET|REQUEST|COOKIE)\s*\[\s*['"]?[^\]]{1,32}\]/ nocase
        $sink2 = /\$_(POST|GET|REQUEST)\s*\[[^\]]{1,32}\]\s*\(\s*\$_(POST|GET|REQUEST)\s*\[/ nocase
    condition:
        filesize < 2KB and $open and ($sink or $sink2)
}

rule triage_php_behinder_style
{
    meta:
        description = "PHP: encrypted-payload shell (Behinder/rebeyond style): raw request body decrypted with a session key, then eval'd"
        author = "triage"
        date = "2026-11-27"
        reference = "https://github.com/rebeyond/Behinder"
        score = 90
        category = "webshell"
        family = "behinder"
    strings:
        $in1 = "php://input" nocase
        $in2 = "$HTTP_RAW_POST_DATA"
        $aes1 = "openssl_decrypt" nocase
        $aes2 = /\$[a-z_0-9]{1,20}\[\s*\$i\s*\]\s*=\s*\$[a-z_0-9]{1,20}\[\s*\$i\s*\]\s*\^\s*\$key\[\s*\$i\s*\+\s*1\s*&\s*15\s*\]/ nocase
        $xor = /\^\s*\$key\s*\[\s*\$i\s*\+\s*1\s*&\s*15\s*\]/ nocase
        $sess = /\$_SESSION\s*\[\s*['"]k['"]\s*\]/ nocase
        $inv1 = /function\s+__invoke\s*\(\s*\$[a-z_0-9]{1,20}\s*\)\s*\{\s*(@\s*)?eval\s*\(/ nocase
        $inv2 = /call_user_func\s*\(\s*new\s+[A-Za-z_0-9]{1,20}\s*\(\s*\)\s*,/ nocase
        $eval = /\b(eval|assert)\s*\(/ nocase
    condition:
        filesize < 50KB and 1 of ($in*) and (
            ($inv1 and $inv2) or
            (($aes1 or $aes2 or $xor) and $eval and ($sess or $inv1))
        )
}

rule triage_php_godzilla_style
{
    meta:
        description = "PHP: Godzilla-style shell: XOR with a 16-byte key, payload kept in the session and re-run each request"
        author = "triage"
        date = "2026-11-27"
        reference = "https://github.com/BeichenDream/Godzilla"
        score = 90
        category = "webshell"
        family = "godzilla"
    strings:
        $xor = /\[\s*\$i\s*\+\s*1\s*&\s*15\s*\]/
        $sess = /\$_SESSION\s*\[\s*\$[a-z_0-9]{1,30}\s*\]/ nocase
        $md5 = /substr\s*\(\s*md5\s*\(\s*\$[a-z_0-9]{1,20}\s*\.\s*\$[a-z_0-9]{1,20}\s*\)\s*,\s*(0|16)\s*,\s*16\s*\)/ nocase
        $run1 = /\b(eval|assert|create_function)\s*\(/ nocase
        $run2 = /\binclude\s*\(\s*['"]data:\/\/text\/plain;base64,/ nocase
        $req = /\$_(POST|REQUEST|COOKIE)\s*\[/ nocase
    condition:
        filesize < 50KB and $xor and $sess and $req and ($run1 or $run2 or $md5)
}

rule triage_php_tunnel
{
    meta:
        description = "PHP: HTTP-to-TCP tunnel (reGeorg/Neo-reGeorg/pivot style): request headers or params pick a host and port, a socket is kept across requests"
        author = "triage"
        date = "2026-11-27"
        reference = "https://github.com/sensepost/reGeorg"
        score = 85
        category = "webshell"
        family = "regeorg-tunnel"
    strings:
        $h1 = "HTTP_X_CMD" nocase
        $h2 = "HTTP_X_TARGET" nocase
        $h3 = "HTTP_X_PORT" nocase
        $h4 = "X-STATUS" nocase
        $h5 = "X-ERROR" nocase
        $c1 = "\"CONNECT\""
        $c2 = "\"DISCONNECT\""
        $c3 = "\"FORWARD\""
        $c4 = "'CONNECT'"
        $c5 = "'DISCONNECT'"
        $c6 = "'FORWARD'"
        $sock1 = /\b(fsockopen|stream_socket_client|socket_create|socket_connect)\s*\(/ nocase
        $sock2 = "stream_set_blocking" nocase
    condition:
        $sock1 and ((2 of ($h*) and 1 of ($c*)) or (3 of ($c*) and ($sock2 or 1 of ($h*))))
}

rule triage_php_shell_console
{
    meta:
        description = "PHP: full web-shell console (c99/r57/WSO/b374k style): system recon, command runner, file manager and upload in one file"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        score = 85
        category = "webshell"
        family = "php-console-shell"
    strings:
        $r1 = /php_uname\s*\(/ nocase
        $r2 = /ini_get\s*\(\s*['"]safe_mode['"]/ nocase
        $r3 = /ini_get\s*\(\s*['"]disable_functions['"]/ nocase
        $r4 = /posix_getpwuid\s*\(\s*(posix_geteuid|fileowner|posix_getuid)/ nocase
        $r5 = /disk_(free|total)_space\s*\(/ nocase
        $r6 = /ini_get\s*\(\s*['"]open_basedir['"]/ nocase
        $r7 = /getenv\s*\(\s*['"]SERVER_SOFTWARE['"]/ nocase
        $r8 = "/etc/passwd"
        $x1 = /\b(shell_exec|passthru|proc_open|popen|system|exec)\s*\(\s*["']?\$/ nocase
        $x2 = /=\s*`\$[a-z_0-9]{1,20}`/ nocase
        $f1 = /move_uploaded_file\s*\(/ nocase
        $f2 = /\b(unlink|rmdir|rename|chmod|touch)\s*\(\s*\$_(POST|GET|REQUEST)/ nocase
        $f3 = /\b(scandir|opendir|readdir|glob)\s*\(/ nocase
        $f4 = /fileperms\s*\(/ nocase
        $req = /\$_(POST|GET|REQUEST|COOKIE)\s*\[/ nocase
        $n1 = "FilesMan" nocase
        $n2 = "c99sh" nocase
        $n3 = "r57shell" nocase
        $n4 = "b374k" nocase
        $n5 = "wso_version" nocase
        $n6 = "WSOsetcookie" nocase
        $n7 = "uname -a" nocase
        $n8 = "Safe mode:" nocase
    condition:
        filesize < 3MB and $req and (
            (1 of ($n1, $n2, $n3, $n4, $n5, $n6) and 1 of ($x*)) or
            (3 of ($r*) and 1 of ($x*) and 2 of ($f*) and 1 of ($n7, $n8, $r8, $r2))
        )
}

rule triage_php_password_gate
{
    meta:
        description = "PHP: a password or key hash checked against request input, gating execution (password-protected shell)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        score = 75
        category = "webshell"
        family = "php-password-shell"
    strings:
        $gate = /(md5|sha1|crc32|hash\s*\(\s*['"](md5|sha1|sha256)['"]\s*,)\s*\(?\s*\$_(POST|GET|REQUEST|COOKIE|SERVER)\s*\[[^\]]{1,40}\]\s*\)\s*[!=]==?\s*['"][a-f0-9]{8,64}['"]/ nocase
        $gate2 = /['"][a-f0-9]{32,64}['"]\s*[!=]==?\s*(md5|sha1)\s*\(\s*\$_(POST|GET|REQUEST|COOKIE|SERVER)\s*\[/ nocase
        $x = /\b(eval|assert|system|passthru|shell_exec|proc_open|popen|exec|create_function)\s*\(/ nocase
        $x2 = /=\s*`\$[a-z_0-9]{1,20}`/ nocase
    condition:
        filesize < 500KB and ($gate or $gate2) and ($x or $x2)
}

rule triage_php_bare_uploader
{
    meta:
        description = "PHP: bare uploader: saves the upload under the client-chosen name with no checks, in a small file with its own form"
        author = "triage"
        date = "2026-11-27"
        reference = "https://owasp.org/www-community/vulnerabilities/Unrestricted_File_Upload"
        score = 70
        category = "webshell"
        family = "php-uploader"
    strings:
        $mv = /(move_uploaded_file|copy)\s*\(\s*\$_FILES\s*\[[^\]]{1,40}\]\s*\[\s*['"]tmp_name['"]\s*\]\s*,\s*(\$[a-z_0-9]{1,20}\s*\.\s*)?(basename\s*\(\s*)?\$_FILES\s*\[[^\]]{1,40}\]\s*\[\s*['"]name['"]\s*\]/ nocase
        $mv2 = /(move_uploaded_file|copy)\s*\(\s*\$_FILES\s*\[[^\]]{1,40}\]\s*\[\s*['"]tmp_name['"]\s*\]\s*,\s*\$_(POST|GET|REQUEST)\s*\[/ nocase
        $form = "multipart/form-data" nocase
        // the destination built first: $dest = $_SERVER['DOCUMENT_ROOT'] . '/' . $_FILES['f']['name']; copy(tmp, $dest)
        $dest = /\$[a-z_0-9]{1,30}\s*=\s*[^;\n]{0,80}\$_FILES\s*\[[^\]]{1,40}\]\s*\[\s*['"]name['"]\s*\]/ nocase
        $mv3 = /(move_uploaded_file|copy)\s*\(\s*\$_FILES\s*\[[^\]]{1,40}\]\s*\[\s*['"]tmp_name['"]\s*\]\s*,\s*\$[a-z_0-9]{1,30}\s*\)/ nocase
        $root = /\$_SERVER\s*\[\s*['"]DOCUMENT_ROOT['"]\s*\]|getcwd\s*\(\s*\)|__DIR__|dirname\s*\(\s*__FILE__\s*\)/ nocase
    condition:
        // a few lines without a form of their own: the attacker posts from his own client
        filesize < 10KB and (($form and ($mv or $mv2 or ($mv3 and $dest and $root))) or (filesize < 2KB and ($mv or $mv2)))
}

rule triage_php_mass_mailer
{
    meta:
        description = "PHP: spam mailer: recipient list and message from the request, mail() in a loop (Leaf/Owl mailer style)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/function.mail.php"
        score = 70
        category = "webshell"
        family = "php-mailer"
    strings:
        $list = /explode\s*\(\s*["'](\\n|\\r\\n|,|;)["']\s*,\s*(trim\s*\(\s*)?\$_(POST|GET|REQUEST)\s*\[\s*['"](e?mails?|e?mail_?list|list|to|recipients?|liste|victims|leads)['"]/ nocase
        $mail = /\bmail\s*\(\s*\$[a-z_0-9]{1,30}\s*,\s*(\$_(POST|GET|REQUEST)|\$[a-z_0-9]{1,30})/ nocase
        $subject = /\$_(POST|GET|REQUEST)\s*\[\s*['"](subject|subj|sub)['"]\s*\]/ nocase
        $body = /\$_(POST|GET|REQUEST)\s*\[\s*['"](message|msg|body|letter|html|content)['"]\s*\]/ nocase
        $loop = /\b(foreach|for|while)\s*\(/
        $spam1 = /(email|mail)[ _-]?list/ nocase
        $spam2 = "X-Priority" nocase
        $spam3 = "Reply-To" nocase
        $spam4 = "Return-Path" nocase
        $spam5 = "X-Sender" nocase
        // the list read from the request into a variable first, mail() sent to each of its entries
        $list_var = /explode\s*\(\s*["'](\\n|\\r\\n|,|;)["']\s*,\s*(trim\s*\(\s*)?\$[a-z_0-9]{1,30}\s*\)/ nocase
        $mail_each = /\bmail\s*\(\s*\$[a-z_0-9]{1,30}\s*\[\s*\$[a-z_0-9]{1,20}\s*\]\s*,/ nocase
        $req = /\$_(POST|GET|REQUEST)\s*\[/
    condition:
        filesize < 300KB and $loop and (
            ($list and $mail and ($subject or $body) and 1 of ($spam*)) or
            (($list or ($list_var and $req)) and ($mail or $mail_each) and 2 of ($spam*)))
}

rule triage_php_in_image
{
    meta:
        description = "PHP code with a sink inside a file that starts like an image (GIF/JPEG/PNG/BMP magic)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://owasp.org/www-community/vulnerabilities/Unrestricted_File_Upload"
        score = 85
        category = "webshell"
        family = "php-in-image"
    strings:
        $php = /<\?(php|=)[\s(][^\x00]{0,200}\b(eval|assert|system|exec|passthru|shell_exec|popen|proc_open|base64_decode|include|require|\$_(GET|POST|REQUEST|COOKIE|FILES))\b/ nocase
    condition:
        (uint32(0) == 0x38464947 or uint16(0) == 0xD8FF or uint32(0) == 0x474E5089 or uint16(0) == 0x4D42 or
         uint32(0) == 0x46464952) and $php
}

rule triage_php_undead_shell
{
    meta:
        description = "PHP: a script that deletes itself and keeps running (ignore_user_abort, no time limit) to rewrite files or run fetched code in a loop (memory / undead shell)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/function.ignore-user-abort.php"
        score = 80
        category = "webshell"
        family = "php-undead"
    strings:
        $abort = /ignore_user_abort\s*\(\s*(true|1)?\s*\)/ nocase
        $limit = /set_time_limit\s*\(\s*0\s*\)/ nocase
        $self1 = /unlink\s*\(\s*(__FILE__|\$_SERVER\s*\[\s*['"]SCRIPT_FILENAME['"]\s*\])/ nocase
        $loop = /\b(while|for)\s*\(/ nocase
        $act1 = /\b(eval|assert)\s*\(/ nocase
        $act2 = /\b(file_put_contents|fwrite)\s*\(/ nocase
        $act3 = /\b(system|exec|shell_exec|passthru)\s*\(/ nocase
    condition:
        triage_php_file_f and filesize < 50KB and $abort and $limit and $self1 and $loop and any of ($act*)
}

rule triage_php_remote_code_eval
{
    meta:
        description = "PHP: code fetched from a URL and evaluated (stage-two loader)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/function.eval.php"
        score = 80
        category = "webshell"
        family = "php-remote-eval"
    strings:
        $direct = /\b(eval|assert)\s*\(\s*@?(file_get_contents|gzinflate\s*\(\s*file_get_contents|base64_decode\s*\(\s*file_get_contents)\s*\(\s*['"](https?|ftp):\/\// nocase
        $fetch = /=\s*@?(file_get_contents|curl_exec|stream_get_contents)\s*\(\s*\$[a-z_0-9]{1,30}\s*\)/ nocase
        $url = /['"](https?|ftp):\/\/[^'"\s]{4,200}['"]/ nocase
        $eval_var = /@?\b(eval|assert)\s*\(\s*(base64_decode\s*\(\s*|gzinflate\s*\(\s*)?\$[a-z_0-9]{1,30}\s*\)/ nocase
        // a whole fetched PHP file run in-process: eval("?>" . $page)
        $eval_page = /\b(eval|assert)\s*\(\s*["']\?>["']\s*\.\s*[(\s]*\$[a-z_0-9]{1,30}/ nocase
        $curl = /\bcurl_exec\s*\(|\bfile_get_contents\s*\(\s*["'](https?|ftp):/ nocase
    condition:
        // a few lines that fetch and eval need no URL in sight: it may come from a global or a config
        triage_php_file_f and ($direct or (filesize < 10KB and $fetch and $url and $eval_var) or
                               (filesize < 3KB and $fetch and $eval_var) or
                               (filesize < 10KB and $eval_page and $curl and $url))
}

rule triage_php_wp_vcd
{
    meta:
        description = "PHP: WP-VCD WordPress backdoor (nulled-theme malware): a password-gated remote control that injects spam links into posts and plants copies in other themes"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.wordfence.com/blog/2019/11/doublehunter-the-malware-behind-wp-vcd/"
        score = 85
        category = "webshell"
        family = "wp-vcd"
    strings:
        $s1 = "wp_vcd" nocase
        $s2 = "wp_cd_code" ascii
        $s3 = "WP_URL_CD" ascii
        $s4 = "ERROR_WP_ACTION" ascii
        $s5 = "get_all_links" ascii
        $s6 = "set_id_links" ascii
        $s7 = "$div_code_name" ascii
        $s8 = "wp-tmp.php" ascii
    condition:
        triage_php_file_f and filesize < 500KB and 2 of them
}

rule triage_php_embedded_executable
{
    meta:
        description = "PHP: carries a Windows or Linux program as a base64 string literal (MZ/ELF header encoded), the way droppers write a binary to disk and run it"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1027/009/"
        score = 75
        category = "webshell"
        family = "php-dropper"
    strings:
        // "MZ" + the usual second word, and "\x7fELF" + class/endianness/version, base64-encoded at a
        // literal's start; then enough base64 (line breaks allowed) to be a program, not a magic check
        $pe = /["']TV(qQ|pQ|oA|pB|qA|ro)[A-Za-z0-9+\/\r\n]{300}/
        $elf = /["']f0VMRg[EI]B[AQ]Q[A-Za-z0-9+\/\r\n]{300}/
    condition:
        triage_php_file_f and filesize < 20MB and ($pe or $elf)
}

rule triage_php_encoded_code_writer
{
    meta:
        description = "PHP: writes a file from a hex- or base64-encoded literal that decodes to PHP code (a dropper planting a second shell whose text never appears in the first)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1027/"
        score = 75
        category = "webshell"
        family = "php-dropper"
    strings:
        // "<?php", "<?=", "<?@", "<? ", "<?\n", "<?$" hex-encoded, then base64-encoded, at a literal's start
        $hex = /(pack\s*\(\s*['"]H\*['"]\s*,|hex2bin\s*\()\s*['"]3c3f(706870|3d|40|20|0a|24)/ nocase
        $b64 = /base64_decode\s*\(\s*['"]PD(9w|89|9A|8g|8K|8k)/
        // or "<?php" further into the encoded text (after HTML a page shows while the code runs)
        $b64_any = "<?php" base64
        $b64_call = /base64_decode\s*\(/ nocase
        $hex_any = "3c3f706870" nocase
        $hex_call = /pack\s*\(\s*['"]H\*['"]|hex2bin\s*\(/ nocase
        $write = /\b(fputs|fwrite|file_put_contents)\s*\(/ nocase
    condition:
        triage_php_file_f and filesize < 1MB and $write and
        ($hex or $b64 or ($b64_any and $b64_call) or ($hex_any and $hex_call))
}

rule triage_php_wp_hidden_admin
{
    meta:
        description = "PHP (WordPress): creates an administrator account and hides it from the Users screen (backdoor plugin or theme code)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://developer.wordpress.org/reference/hooks/pre_user_query/"
        score = 80
        category = "webshell"
        family = "wp-backdoor-admin"
    strings:
        $make1 = /wp_(create|insert)_user\s*\(/
        $make2 = /->\s*set_role\s*\(\s*['"]administrator['"]/
        $admin = /['"]role['"]\s*=>\s*['"]administrator['"]|['"]administrator['"]/
        $hide1 = /add_action\s*\(\s*['"]pre_user_query['"]/
        $hide2 = /add_filter\s*\(\s*['"]views_users['"]/
        $hide3 = /query_where\s*=\s*str_replace\s*\(/
        $hide4 = /user_login\s*!=\s*['"]/
    condition:
        triage_php_file_f and filesize < 500KB and any of ($make*) and $admin and 2 of ($hide*)
}

rule triage_php_known_kit_banner
{
    meta:
        description = "PHP: the banner of a known attacker kit (spam mailers Leaf/xLeet/alexus, shells AnonymousFox, IndoXploit, MisterSpy, Tryag, WSO, Ninja...), the names attackers' own scanners look for"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        score = 80
        category = "webshell"
        family = "php-known-kit"
    strings:
        $m1 = "Leaf PHPMailer" nocase
        $m2 = "leafmailer.pw" nocase
        $m3 = "xLeet PHPMailer" nocase
        $m4 = "alexusMailer" nocase
        $s1 = "AnonymousFox" nocase
        $s2 = "IndoXploit" nocase
        $s3 = "Vuln!! patch it Now!" nocase
        $s4 = "MisterSpy" nocase
        $s5 = "Tryag File Manager" nocase
        $s6 = "Ninja Shell" nocase
        $s7 = "WSOX ENC" nocase
        $s8 = /<title>\s*WSO\s*[0-9.]{1,6}\s*<\/title>|['"]WSO\s*[0-9]\.[0-9]/ nocase
    condition:
        triage_php_file_f and filesize < 5MB and any of them
}

rule triage_php_site_locker
{
    meta:
        description = "PHP: web ransomware / site locker: walks the web root, rewrites every file transformed (compressed, encrypted, encoded) under a new extension and deletes the original"
        author = "triage"
        date = "2026-11-27"
        reference = "https://attack.mitre.org/techniques/T1486/"
        score = 90
        category = "webshell"
        family = "php-ransomware"
    strings:
        // the transformed copy written, then (in the same block: no closing brace between) a file deleted
        $lock = /file_put_contents\s*\(\s*\$[a-z_0-9]{1,30}\s*\.\s*['"]\.[A-Za-z0-9_]{2,16}['"]\s*,\s*@?(gzdeflate|gzcompress|gzencode|openssl_encrypt|mcrypt_encrypt|base64_encode|str_rot13|strrev|bin2hex)\s*\(\s*@?file_get_contents\s*\(\s*\$[a-z_0-9]{1,30}[^;]{0,40};[^}]{0,200}unlink\s*\(\s*\$/ nocase
        $lock2 = /(openssl_encrypt|mcrypt_encrypt)\s*\(\s*@?file_get_contents\s*\(\s*\$[^}]{0,300}unlink\s*\(\s*\$/ nocase
        $walk1 = /scandir\s*\(\s*\$/ nocase
        $walk2 = "RecursiveDirectoryIterator" nocase
        $walk3 = /glob\s*\(\s*\$[a-z_0-9]{1,30}\s*\.\s*['"]\/\*['"]/ nocase
        $root = /\$_SERVER\s*\[\s*['"]DOCUMENT_ROOT['"]\s*\]/ nocase
    condition:
        triage_php_file_f and filesize < 2MB and ($lock or ($lock2 and $root)) and any of ($walk*)
}

rule triage_php_self_read_payload
{
    meta:
        description = "PHP: reads its own file for a payload stored after __halt_compiler() and evaluates it (code that no scanner of PHP statements sees)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/function.halt-compiler.php"
        score = 70
        category = "webshell"
        family = "php-packed"
    strings:
        $self = /\b(file_get_contents|fopen|file|highlight_file|show_source)\s*\(\s*__FILE__/ nocase
        $halt = "__halt_compiler" nocase
        $offset = "__COMPILER_HALT_OFFSET__"
        $ev = /\b(eval|assert|create_function)\s*\(/ nocase
    condition:
        triage_php_file_f and filesize < 2MB and $self and ($halt or $offset) and $ev
}

/*
   PHP written without letters: names made by incrementing strings (++$_ on
   "A"), by XOR-ing quoted strings, and called through variables named only
   with underscores ($__[0]($__[1]) after $__ = "_GET").
*/
rule triage_php_letterless_calls
{
    meta:
        description = "PHP: functions called through variable variables or underscore-only variables whose names were built by string increments (the 'no letters' shells)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/language.variables.variable.php"
        score = 75
        category = "webshell"
        family = "php-letterless"
    strings:
        $vv_call = /\$\$[a-z_0-9]{1,30}\s*\[[^\]\n]{1,20}\]\s*\(\s*\$/ nocase
        $us_call = /\$_{1,8}\s*\(/
        $us_inc = /\+\+\s*\$_{1,8}\b|\$_{1,8}\s*\+\+/
    condition:
        triage_php_file_f and filesize < 100KB and ($vv_call or (#us_call >= 1 and #us_inc >= 5))
}

