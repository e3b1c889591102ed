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
        $implode = "implode" nocase
        $join = "join" nocase
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
        $php_script = /<script\s+language\s*=\s*['"]?php/ nocase
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

/*
 * A PHP function name assembled from pieces ('as'.'sert', $a.$b after
 * $a = 'as') starts with a quoted piece that is a prefix of the name, or
 * with a chr() call: files with neither skip the chain analysis. The strings
 * are the prefixes of triage.scan.ASSEMBLED_SINKS (a test keeps them equal).
 */
rule sink_prefixes
{
    strings:
        $sink_prefix_0 = "'a'" nocase
        $sink_prefix_1 = "\"a\"" nocase
        $sink_prefix_2 = "'c'" nocase
        $sink_prefix_3 = "\"c\"" nocase
        $sink_prefix_4 = "'e'" nocase
        $sink_prefix_5 = "\"e\"" nocase
        $sink_prefix_6 = "'p'" nocase
        $sink_prefix_7 = "\"p\"" nocase
        $sink_prefix_8 = "'r'" nocase
        $sink_prefix_9 = "\"r\"" nocase
        $sink_prefix_10 = "'s'" nocase
        $sink_prefix_11 = "\"s\"" nocase
        $sink_prefix_12 = "'u'" nocase
        $sink_prefix_13 = "\"u\"" nocase
        $sink_prefix_14 = "'ar'" nocase
        $sink_prefix_15 = "\"ar\"" nocase
        $sink_prefix_16 = "'as'" nocase
        $sink_prefix_17 = "\"as\"" nocase
        $sink_prefix_18 = "'ca'" nocase
        $sink_prefix_19 = "\"ca\"" nocase
        $sink_prefix_20 = "'cr'" nocase
        $sink_prefix_21 = "\"cr\"" nocase
        $sink_prefix_22 = "'ev'" nocase
        $sink_prefix_23 = "\"ev\"" nocase
        $sink_prefix_24 = "'ex'" nocase
        $sink_prefix_25 = "\"ex\"" nocase
        $sink_prefix_26 = "'pa'" nocase
        $sink_prefix_27 = "\"pa\"" nocase
        $sink_prefix_28 = "'pc'" nocase
        $sink_prefix_29 = "\"pc\"" nocase
        $sink_prefix_30 = "'po'" nocase
        $sink_prefix_31 = "\"po\"" nocase
        $sink_prefix_32 = "'pr'" nocase
        $sink_prefix_33 = "\"pr\"" nocase
        $sink_prefix_34 = "'re'" nocase
        $sink_prefix_35 = "\"re\"" nocase
        $sink_prefix_36 = "'sh'" nocase
        $sink_prefix_37 = "\"sh\"" nocase
        $sink_prefix_38 = "'sy'" nocase
        $sink_prefix_39 = "\"sy\"" nocase
        $sink_prefix_40 = "'ua'" nocase
        $sink_prefix_41 = "\"ua\"" nocase
        $sink_prefix_42 = "'uk'" nocase
        $sink_prefix_43 = "\"uk\"" nocase
        $sink_prefix_44 = "'us'" nocase
        $sink_prefix_45 = "\"us\"" nocase
        $sink_prefix_46 = "'arr'" nocase
        $sink_prefix_47 = "\"arr\"" nocase
        $sink_prefix_48 = "'ass'" nocase
        $sink_prefix_49 = "\"ass\"" nocase
        $sink_prefix_50 = "'cal'" nocase
        $sink_prefix_51 = "\"cal\"" nocase
        $sink_prefix_52 = "'cre'" nocase
        $sink_prefix_53 = "\"cre\"" nocase
        $sink_prefix_54 = "'eva'" nocase
        $sink_prefix_55 = "\"eva\"" nocase
        $sink_prefix_56 = "'exe'" nocase
        $sink_prefix_57 = "\"exe\"" nocase
        $sink_prefix_58 = "'pas'" nocase
        $sink_prefix_59 = "\"pas\"" nocase
        $sink_prefix_60 = "'pcn'" nocase
        $sink_prefix_61 = "\"pcn\"" nocase
        $sink_prefix_62 = "'pop'" nocase
        $sink_prefix_63 = "\"pop\"" nocase
        $sink_prefix_64 = "'pre'" nocase
        $sink_prefix_65 = "\"pre\"" nocase
        $sink_prefix_66 = "'pro'" nocase
        $sink_prefix_67 = "\"pro\"" nocase
        $sink_prefix_68 = "'reg'" nocase
        $sink_prefix_69 = "\"reg\"" nocase
        $sink_prefix_70 = "'she'" nocase
        $sink_prefix_71 = "\"she\"" nocase
        $sink_prefix_72 = "'sys'" nocase
        $sink_prefix_73 = "\"sys\"" nocase
        $sink_prefix_74 = "'uas'" nocase
        $sink_prefix_75 = "\"uas\"" nocase
        $sink_prefix_76 = "'uks'" nocase
        $sink_prefix_77 = "\"uks\"" nocase
        $sink_prefix_78 = "'uso'" nocase
        $sink_prefix_79 = "\"uso\"" nocase
        $sink_prefix_80 = "'arra'" nocase
        $sink_prefix_81 = "\"arra\"" nocase
        $sink_prefix_82 = "'asse'" nocase
        $sink_prefix_83 = "\"asse\"" nocase
        $sink_prefix_84 = "'call'" nocase
        $sink_prefix_85 = "\"call\"" nocase
        $sink_prefix_86 = "'crea'" nocase
        $sink_prefix_87 = "\"crea\"" nocase
        $sink_prefix_88 = "'eval'" nocase
        $sink_prefix_89 = "\"eval\"" nocase
        $sink_prefix_90 = "'exec'" nocase
        $sink_prefix_91 = "\"exec\"" nocase
        $sink_prefix_92 = "'pass'" nocase
        $sink_prefix_93 = "\"pass\"" nocase
        $sink_prefix_94 = "'pcnt'" nocase
        $sink_prefix_95 = "\"pcnt\"" nocase
        $sink_prefix_96 = "'pope'" nocase
        $sink_prefix_97 = "\"pope\"" nocase
        $sink_prefix_98 = "'preg'" nocase
        $sink_prefix_99 = "\"preg\"" nocase
        $sink_prefix_100 = "'proc'" nocase
        $sink_prefix_101 = "\"proc\"" nocase
        $sink_prefix_102 = "'regi'" nocase
        $sink_prefix_103 = "\"regi\"" nocase
        $sink_prefix_104 = "'shel'" nocase
        $sink_prefix_105 = "\"shel\"" nocase
        $sink_prefix_106 = "'syst'" nocase
        $sink_prefix_107 = "\"syst\"" nocase
        $sink_prefix_108 = "'uaso'" nocase
        $sink_prefix_109 = "\"uaso\"" nocase
        $sink_prefix_110 = "'ukso'" nocase
        $sink_prefix_111 = "\"ukso\"" nocase
        $sink_prefix_112 = "'usor'" nocase
        $sink_prefix_113 = "\"usor\"" nocase
        $sink_prefix_114 = "'array'" nocase
        $sink_prefix_115 = "\"array\"" nocase
        $sink_prefix_116 = "'asser'" nocase
        $sink_prefix_117 = "\"asser\"" nocase
        $sink_prefix_118 = "'call_'" nocase
        $sink_prefix_119 = "\"call_\"" nocase
        $sink_prefix_120 = "'creat'" nocase
        $sink_prefix_121 = "\"creat\"" nocase
        $sink_prefix_122 = "'passt'" nocase
        $sink_prefix_123 = "\"passt\"" nocase
        $sink_prefix_124 = "'pcntl'" nocase
        $sink_prefix_125 = "\"pcntl\"" nocase
        $sink_prefix_126 = "'popen'" nocase
        $sink_prefix_127 = "\"popen\"" nocase
        $sink_prefix_128 = "'preg_'" nocase
        $sink_prefix_129 = "\"preg_\"" nocase
        $sink_prefix_130 = "'proc_'" nocase
        $sink_prefix_131 = "\"proc_\"" nocase
        $sink_prefix_132 = "'regis'" nocase
        $sink_prefix_133 = "\"regis\"" nocase
        $sink_prefix_134 = "'shell'" nocase
        $sink_prefix_135 = "\"shell\"" nocase
        $sink_prefix_136 = "'syste'" nocase
        $sink_prefix_137 = "\"syste\"" nocase
        $sink_prefix_138 = "'uasor'" nocase
        $sink_prefix_139 = "\"uasor\"" nocase
        $sink_prefix_140 = "'uksor'" nocase
        $sink_prefix_141 = "\"uksor\"" nocase
        $sink_prefix_142 = "'usort'" nocase
        $sink_prefix_143 = "\"usort\"" nocase
        $sink_prefix_144 = "'array_'" nocase
        $sink_prefix_145 = "\"array_\"" nocase
        $sink_prefix_146 = "'assert'" nocase
        $sink_prefix_147 = "\"assert\"" nocase
        $sink_prefix_148 = "'call_u'" nocase
        $sink_prefix_149 = "\"call_u\"" nocase
        $sink_prefix_150 = "'create'" nocase
        $sink_prefix_151 = "\"create\"" nocase
        $sink_prefix_152 = "'passth'" nocase
        $sink_prefix_153 = "\"passth\"" nocase
        $sink_prefix_154 = "'pcntl_'" nocase
        $sink_prefix_155 = "\"pcntl_\"" nocase
        $sink_prefix_156 = "'preg_r'" nocase
        $sink_prefix_157 = "\"preg_r\"" nocase
        $sink_prefix_158 = "'proc_o'" nocase
        $sink_prefix_159 = "\"proc_o\"" nocase
        $sink_prefix_160 = "'regist'" nocase
        $sink_prefix_161 = "\"regist\"" nocase
        $sink_prefix_162 = "'shell_'" nocase
        $sink_prefix_163 = "\"shell_\"" nocase
        $sink_prefix_164 = "'system'" nocase
        $sink_prefix_165 = "\"system\"" nocase
        $sink_prefix_166 = "'uasort'" nocase
        $sink_prefix_167 = "\"uasort\"" nocase
        $sink_prefix_168 = "'uksort'" nocase
        $sink_prefix_169 = "\"uksort\"" nocase
        $sink_prefix_170 = "'array_f'" nocase
        $sink_prefix_171 = "\"array_f\"" nocase
        $sink_prefix_172 = "'array_m'" nocase
        $sink_prefix_173 = "\"array_m\"" nocase
        $sink_prefix_174 = "'call_us'" nocase
        $sink_prefix_175 = "\"call_us\"" nocase
        $sink_prefix_176 = "'create_'" nocase
        $sink_prefix_177 = "\"create_\"" nocase
        $sink_prefix_178 = "'passthr'" nocase
        $sink_prefix_179 = "\"passthr\"" nocase
        $sink_prefix_180 = "'pcntl_e'" nocase
        $sink_prefix_181 = "\"pcntl_e\"" nocase
        $sink_prefix_182 = "'preg_re'" nocase
        $sink_prefix_183 = "\"preg_re\"" nocase
        $sink_prefix_184 = "'proc_op'" nocase
        $sink_prefix_185 = "\"proc_op\"" nocase
        $sink_prefix_186 = "'registe'" nocase
        $sink_prefix_187 = "\"registe\"" nocase
        $sink_prefix_188 = "'shell_e'" nocase
        $sink_prefix_189 = "\"shell_e\"" nocase
        $sink_prefix_190 = "'array_fi'" nocase
        $sink_prefix_191 = "\"array_fi\"" nocase
        $sink_prefix_192 = "'array_ma'" nocase
        $sink_prefix_193 = "\"array_ma\"" nocase
        $sink_prefix_194 = "'call_use'" nocase
        $sink_prefix_195 = "\"call_use\"" nocase
        $sink_prefix_196 = "'create_f'" nocase
        $sink_prefix_197 = "\"create_f\"" nocase
        $sink_prefix_198 = "'passthru'" nocase
        $sink_prefix_199 = "\"passthru\"" nocase
        $sink_prefix_200 = "'pcntl_ex'" nocase
        $sink_prefix_201 = "\"pcntl_ex\"" nocase
        $sink_prefix_202 = "'preg_rep'" nocase
        $sink_prefix_203 = "\"preg_rep\"" nocase
        $sink_prefix_204 = "'proc_ope'" nocase
        $sink_prefix_205 = "\"proc_ope\"" nocase
        $sink_prefix_206 = "'register'" nocase
        $sink_prefix_207 = "\"register\"" nocase
        $sink_prefix_208 = "'shell_ex'" nocase
        $sink_prefix_209 = "\"shell_ex\"" nocase
        $sink_prefix_210 = "'array_fil'" nocase
        $sink_prefix_211 = "\"array_fil\"" nocase
        $sink_prefix_212 = "'array_map'" nocase
        $sink_prefix_213 = "\"array_map\"" nocase
        $sink_prefix_214 = "'call_user'" nocase
        $sink_prefix_215 = "\"call_user\"" nocase
        $sink_prefix_216 = "'create_fu'" nocase
        $sink_prefix_217 = "\"create_fu\"" nocase
        $sink_prefix_218 = "'pcntl_exe'" nocase
        $sink_prefix_219 = "\"pcntl_exe\"" nocase
        $sink_prefix_220 = "'preg_repl'" nocase
        $sink_prefix_221 = "\"preg_repl\"" nocase
        $sink_prefix_222 = "'proc_open'" nocase
        $sink_prefix_223 = "\"proc_open\"" nocase
        $sink_prefix_224 = "'register_'" nocase
        $sink_prefix_225 = "\"register_\"" nocase
        $sink_prefix_226 = "'shell_exe'" nocase
        $sink_prefix_227 = "\"shell_exe\"" nocase
        $sink_prefix_228 = "'array_filt'" nocase
        $sink_prefix_229 = "\"array_filt\"" nocase
        $sink_prefix_230 = "'call_user_'" nocase
        $sink_prefix_231 = "\"call_user_\"" nocase
        $sink_prefix_232 = "'create_fun'" nocase
        $sink_prefix_233 = "\"create_fun\"" nocase
        $sink_prefix_234 = "'pcntl_exec'" nocase
        $sink_prefix_235 = "\"pcntl_exec\"" nocase
        $sink_prefix_236 = "'preg_repla'" nocase
        $sink_prefix_237 = "\"preg_repla\"" nocase
        $sink_prefix_238 = "'register_s'" nocase
        $sink_prefix_239 = "\"register_s\"" nocase
        $sink_prefix_240 = "'shell_exec'" nocase
        $sink_prefix_241 = "\"shell_exec\"" nocase
        $sink_prefix_242 = "'array_filte'" nocase
        $sink_prefix_243 = "\"array_filte\"" nocase
        $sink_prefix_244 = "'call_user_f'" nocase
        $sink_prefix_245 = "\"call_user_f\"" nocase
        $sink_prefix_246 = "'create_func'" nocase
        $sink_prefix_247 = "\"create_func\"" nocase
        $sink_prefix_248 = "'preg_replac'" nocase
        $sink_prefix_249 = "\"preg_replac\"" nocase
        $sink_prefix_250 = "'register_sh'" nocase
        $sink_prefix_251 = "\"register_sh\"" nocase
        $sink_prefix_252 = "'array_filter'" nocase
        $sink_prefix_253 = "\"array_filter\"" nocase
        $sink_prefix_254 = "'call_user_fu'" nocase
        $sink_prefix_255 = "\"call_user_fu\"" nocase
        $sink_prefix_256 = "'create_funct'" nocase
        $sink_prefix_257 = "\"create_funct\"" nocase
        $sink_prefix_258 = "'preg_replace'" nocase
        $sink_prefix_259 = "\"preg_replace\"" nocase
        $sink_prefix_260 = "'register_shu'" nocase
        $sink_prefix_261 = "\"register_shu\"" nocase
        $sink_prefix_262 = "'call_user_fun'" nocase
        $sink_prefix_263 = "\"call_user_fun\"" nocase
        $sink_prefix_264 = "'create_functi'" nocase
        $sink_prefix_265 = "\"create_functi\"" nocase
        $sink_prefix_266 = "'register_shut'" nocase
        $sink_prefix_267 = "\"register_shut\"" nocase
        $sink_prefix_268 = "'call_user_func'" nocase
        $sink_prefix_269 = "\"call_user_func\"" nocase
        $sink_prefix_270 = "'create_functio'" nocase
        $sink_prefix_271 = "\"create_functio\"" nocase
        $sink_prefix_272 = "'register_shutd'" nocase
        $sink_prefix_273 = "\"register_shutd\"" nocase
        $sink_prefix_274 = "'call_user_func_'" nocase
        $sink_prefix_275 = "\"call_user_func_\"" nocase
        $sink_prefix_276 = "'create_function'" nocase
        $sink_prefix_277 = "\"create_function\"" nocase
        $sink_prefix_278 = "'register_shutdo'" nocase
        $sink_prefix_279 = "\"register_shutdo\"" nocase
        $sink_prefix_280 = "'call_user_func_a'" nocase
        $sink_prefix_281 = "\"call_user_func_a\"" nocase
        $sink_prefix_282 = "'register_shutdow'" nocase
        $sink_prefix_283 = "\"register_shutdow\"" nocase
        $chr = /chr\s*\(/ nocase
    condition:
        any of them
}
