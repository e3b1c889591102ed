/*
   PHP obfuscation chains that hide a web shell's code: decoders nested
   inside eval, function names spelled backwards, rot13'd, hex- or
   octal-escaped, base64'd or built from chr() arithmetic.
*/

rule triage_php_eval_decoder_chain
{
    meta:
        description = "PHP: eval/assert of decoded data (base64/gzinflate/str_rot13/strrev/uudecode chains)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/function.eval.php"
        score = 80
        category = "webshell"
        family = "php-obfuscated-eval"
    strings:
        $chain = /\b(eval|assert)\s*\(\s*@?(\(\s*string\s*\)\s*)?([a-z_]{1,30}\s*\(\s*@?){0,2}(gzinflate|gzuncompress|gzdecode|str_rot13|base64_decode|strrev|convert_uudecode|hex2bin|rawurldecode|urldecode|pack)\s*\(\s*@?(gzinflate|gzuncompress|gzdecode|str_rot13|base64_decode|strrev|convert_uudecode|hex2bin|rawurldecode|urldecode)\s*\(/ nocase
        $b64 = /\b(eval|assert)\s*\(\s*@?(base64_decode|gzinflate|gzuncompress|str_rot13)\s*\(\s*['"][A-Za-z0-9+\/=\\]{40}/ nocase
        $custom = /\b(eval|assert)\s*\(\s*@?(gzuncompress|gzinflate|gzdecode|base64_decode)\s*\(\s*@?[a-z_0-9]{1,20}\s*\(\s*@?(base64_decode|gzinflate|gzuncompress|str_rot13)\s*\(/ nocase
        $eval_var_decode = /\b(eval|assert)\s*\(\s*\$[a-z_0-9]{1,30}\s*\(\s*\$[a-z_0-9]{1,30}\s*\(\s*['"][A-Za-z0-9+\/=]{60}/ nocase
        // FOPO and its kin: the decoder's name in a variable (often escaped), called inside eval on a long literal
        $eval_var_literal = /\b(eval|assert)\s*\(\s*\$[a-z_0-9]{1,30}\s*\(\s*['"][A-Za-z0-9+\/=\r\n]{200}/ nocase
    condition:
        any of them
}

rule triage_php_hidden_function_names
{
    meta:
        description = "PHP: sink or decoder names hidden reversed, rot13'd, escaped or base64'd"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/language.types.string.php#language.types.string.syntax.double"
        score = 75
        category = "webshell"
        family = "php-obfuscated-names"
    strings:
        $rev1 = "edoced_46esab" nocase
        $rev2 = "etalfnizg" nocase
        $rev3 = "tressa" nocase
        $rev4 = "metsys" nocase
        $rev5 = "cexe_llehs" nocase
        $rev6 = "urhtssap" nocase
        $rot1 = "onfr64_qrpbqr" nocase
        $rot2 = "tmvasyngr" nocase
        $rot3 = "furyy_rkrp" nocase
        $rot4 = "nffreg" nocase
        $hex1 = "\\x65\\x76\\x61\\x6c" nocase
        $hex2 = "\\x61\\x73\\x73\\x65\\x72\\x74" nocase
        $hex3 = "\\x73\\x79\\x73\\x74\\x65\\x6d" nocase
        $hex4 = "\\x62\\x61\\x73\\x65\\x36\\x34" nocase
        $hex5 = "\\x67\\x7a\\x69\\x6e\\x66\\x6c\\x61\\x74\\x65" nocase
        $hex6 = "\\x73\\x68\\x65\\x6c\\x6c\\x5f" nocase
        $oct1 = "\\145\\166\\141\\154"
        $oct2 = "\\141\\163\\163\\145\\162\\164"
        $oct3 = "\\142\\141\\163\\145\\66\\64"
        $oct4 = "\\163\\171\\163\\164\\145\\155"
        $b1 = "'YXNzZXJ0'"
        $b2 = "\"YXNzZXJ0\""
        $b3 = "'c3lzdGVt'"
        $b4 = "\"c3lzdGVt\""
        $b5 = "'c2hlbGxfZXhlYw"
        $b6 = "\"c2hlbGxfZXhlYw"
        $b7 = "'cGFzc3RocnU"
        $b8 = "\"cGFzc3RocnU"
        $b9 = "'Y3JlYXRlX2Z1bmN0aW9u"
        $b10 = "\"Y3JlYXRlX2Z1bmN0aW9u"
        $b11 = "'ZXZhbCg"
        $b12 = "\"ZXZhbCg"
        $str_rev = /strrev\s*\(\s*['"](tressa|lave|metsys|edoced_46esab|etalfnizg|cexe_llehs|urhtssap|nepop_corp)['"]\s*\)/ nocase
        // a whole statement written backwards and turned round at run time: strrev(';))..(lave')
        $str_rev2 = /strrev\s*\(\s*('[^'\n]{0,400}|"[^"\n]{0,400})\((lave|tressa|edoced_46esab|metsys|cexe_llehs|urhtssap)\b/ nocase
        $rot_call = /str_rot13\s*\(\s*['"](riny|nffreg|flfgrz|onfr64_qrpbqr|tmvasyngr|furyy_rkrp|cnffgueh)['"]\s*\)/ nocase
    condition:
        (uint16(0) != 0x457f) and (
            $str_rev or $str_rev2 or $rot_call or
            (1 of ($rev*) and (1 of ($hex*, $oct*, $b*) or $str_rev)) or
            (1 of ($rot*) and 1 of ($hex*, $b*, $rev*)) or
            2 of ($hex*, $oct*) or
            (1 of ($b*) and filesize < 200KB)
        )
}

rule triage_php_chr_arithmetic
{
    meta:
        description = "PHP: code or function names assembled from long chr() chains, then executed"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/function.chr.php"
        score = 70
        category = "webshell"
        family = "php-chr-chain"
    strings:
        $chr = /chr\s*\(\s*[0-9]{1,3}\s*([\+\-\^\*]\s*[0-9]{1,3}\s*)?\)\s*\.\s*chr\s*\(\s*[0-9]{1,3}\s*([\+\-\^\*]\s*[0-9]{1,3}\s*)?\)\s*\.\s*chr\s*\(\s*[0-9]{1,3}/ nocase
        $sink = /\b(eval|assert|create_function|call_user_func|array_map)\s*\(/ nocase
    condition:
        #chr > 3 and $sink
}

rule triage_php_split_name_call
{
    meta:
        description = "PHP: a sink name glued together from short string pieces, then called with request input"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/functions.variable-functions.php"
        score = 75
        category = "webshell"
        family = "php-split-name"
    strings:
        $call = /\$[a-z_0-9]{1,20}\s*\(\s*@?(\$[a-z_0-9]{1,20}\s*\(\s*)?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[/ nocase
        $sg = /\$\{\s*["']_[A-Z"' .]{2,20}\}/
        $known = /['"](as|ass|asse|sy|sys|syst|ev|eva|ba|bas|base|she|shel|pas|pass|cre|crea)['"]\s*\.\s*['"](sert|ert|sse|rt|tem|stem|em|al|l|se64|e64_|64_d|se64_decode|ll_exec|l_exec|sthru|thru|ate_function|te_function)/ nocase
    condition:
        ($call or $sg) and $known
}

rule triage_php_packed_payload
{
    meta:
        description = "PHP: decoders called through variables holding their names, nested inside eval (packed shell)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/function.gzinflate.php"
        score = 75
        category = "webshell"
        family = "php-packed"
    strings:
        $ev = /\b(eval|assert)\s*\(\s*@?\$[a-z_0-9]{1,30}\s*\(\s*@?\$[a-z_0-9]{1,30}\s*\(/ nocase
        $dec = /['"](base64_decode|gzinflate|gzuncompress|str_rot13|strrev|gzdecode|convert_uudecode)['"]/ nocase
        // the decoder's name kept in a variable and eval of a plain variable: the decoding happens a
        // step away from the eval (a helper function, a substitution table)
        $alias = /\$[a-z_0-9]{1,30}\s*=\s*['"](base64_decode|gzinflate|gzuncompress|str_rot13|gzdecode|convert_uudecode)['"]\s*;/ nocase
        $ev_bare = /\b(eval|assert)\s*\(\s*@?\$[a-z_0-9]{1,30}\s*\)/ nocase
    condition:
        filesize < 2MB and (($ev and $dec) or ($alias and $ev_bare and filesize < 500KB))
}

rule triage_php_xor_built_names
{
    meta:
        description = "PHP: superglobal or function names built by XOR-ing characters (chr(a)^chr(b)) inside variable variables, so no name appears in the file"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/language.operators.bitwise.php"
        score = 75
        category = "webshell"
        family = "php-xor-names"
    strings:
        $cx = /chr\s*\(\s*\d{1,3}\s*\)\s*\^\s*chr\s*\(\s*\d{1,3}\s*\)/ nocase
        $vv = "${("
        // quoted strings XOR-ed together: ("j8ra"^"v4KE"^...) spells a name or a whole statement
        $sx1 = "\"^\""
        $sx2 = "'^'"
        $sx3 = "\" ^ \""
        $sx4 = "' ^ '"
        $ev = /\b(eval|assert)\s*\(\s*@?\$/ nocase
    condition:
        filesize < 100KB and ((#cx >= 4 and $vv) or
                              ((#sx1 + #sx2 + #sx3 + #sx4) >= 4 and ($ev or $vv)))
}

rule triage_php_include_hidden_file
{
    meta:
        description = "PHP: includes a file whose path is written in octal/hex escapes or that ends like an image (the '@include favicon.ico' loader injected into WordPress index.php and wp-config.php)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://blog.sucuri.net/2017/04/the-ico-file-variant.html"
        score = 80
        category = "webshell"
        family = "php-include-loader"
    strings:
        $esc = /(include|require)(_once)?\s*\(?\s*["'][^"'\n]{0,40}(\\[0-7]{3}|\\x[0-9a-fA-F]{2})[^"'\n]{0,80}(\\[0-7]{3}|\\x[0-9a-fA-F]{2})[^"'\n]{0,80}(\\[0-7]{3}|\\x[0-9a-fA-F]{2})/ nocase
        $img = /(include|require)(_once)?\s*\(?\s*["'][^"'\n$]{1,200}\.(ico|png|jpe?g|gif|bmp|webp)["']\s*\)?\s*;/ nocase
    condition:
        uint16(0) != 0xd8ff and uint32(0) != 0x38464947 and uint32(0) != 0x474e5089 and any of them
}

rule triage_php_interpolated_call
{
    meta:
        description = "PHP: code run from inside a string through complex variable syntax (\"{${eval(...)}}\"), the form of template and database injections that execute when the string is evaluated or printed"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/language.types.string.php#language.types.string.parsing.complex"
        score = 75
        category = "webshell"
        family = "php-interpolated-call"
    strings:
        $call = /\{\\?\$\{\s*@?(eval|assert|system|exec|passthru|shell_exec|popen|base64_decode|gzinflate|str_rot13|include|require|phpinfo|file_put_contents|fwrite)\s*\(/ nocase
    condition:
        filesize < 5MB and $call
}

rule triage_php_zlib_wrapper_reader
{
    meta:
        description = "PHP: reads any file the request names through the compress.zlib:// wrapper (the old safe_mode/open_basedir bypass of web shells)"
        author = "triage"
        date = "2026-11-27"
        reference = "https://www.php.net/manual/en/wrappers.compression.php"
        score = 60
        category = "webshell"
        family = "php-file-reader"
    strings:
        $zlib = /["']compress\.zlib:\/\/["']\s*\.\s*\$/ nocase
        $req = /\$_(GET|POST|REQUEST|COOKIE)\s*\[/
    condition:
        filesize < 1MB and $zlib and $req
}

