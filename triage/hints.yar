/*
 * Hints: not findings. Triage's signals look for a few words in every file
 * (the names of PHP's string-transforming functions, escaped letters, server
 * code open tags). YARA reads each file once anyway; these strings ride along
 * in that pass so the signals skip the files that have none of them instead
 * of searching every file again in Python. Matches in this namespace are
 * never reported; a string's identifier is the name the signal asks for.
 */

rule text_functions
{
    strings:
        $strrev = "strrev" nocase
        $str_rot13 = "str_rot13" nocase
        $base64_decode = "base64_decode" nocase
        $hex2bin = "hex2bin" nocase
        $str_replace = "str_replace" nocase
        $str_ireplace = "str_ireplace" nocase
        $strtr = "strtr" nocase
    condition:
        any of them
}

rule escapes
{
    strings:
        $escape_x = "\\x"
        $escape_1 = "\\1"
    condition:
        any of them
}

rule code_tags
{
    strings:
        $php_tag = "<?"
        $asp_tag = "<%"
        $jsp_tag = "<jsp:"
        $runat = "runat"
        $RUNAT = "RUNAT"
    condition:
        any of them
}

rule exec_words
{
    strings:
        $eval = "eval" nocase
        $assert = "assert" nocase
        $create_function = "create_function" nocase
    condition:
        any of them
}
