/* Lists recent logins from wtmp (read-only), like last(1). */
#include <utmp.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    struct utmp rec;
    FILE *f = fopen(_PATH_WTMP, "r");
    if (!f) { perror(_PATH_WTMP); return 1; }
    memset(&rec, 0, sizeof(rec));
    while (fread(&rec, sizeof rec, 1, f) == 1)
        if (rec.ut_type == USER_PROCESS)
            printf("%-8.8s %-12.12s %s\n", rec.ut_user, rec.ut_line, rec.ut_host);
    fclose(f);
    return 0;
}
