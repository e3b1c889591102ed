/* A small TCP echo service for tests; the socket is duplicated for a logging child, no shell. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

int main(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET; a.sin_port = htons(7007);
    bind(s, (struct sockaddr *) &a, sizeof a); listen(s, 8);
    for (;;) {
        int c = accept(s, 0, 0);
        char buf[512]; ssize_t n;
        dup2(c, 1);
        while ((n = read(c, buf, sizeof buf)) > 0) write(1, buf, n);
        close(c);
    }
}
