<%-- triage-expect: triage_jsp_el_param_calls --%>
${""[param.m1]()[param.m2](param.a2)[param.m3]()[param.m4](param.a4)[param.m5](param.a5)}
