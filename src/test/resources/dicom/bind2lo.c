/*
 * LD_PRELOAD shim for tests: rewrites wildcard bind() (0.0.0.0 / ::) to loopback, so peers without a
 * bind-address option (DCMTK wlmscpfs, Orthanc 1.10, dcmjs-dimse) listen on 127.0.0.1 only.
 * Build: gcc -shared -fPIC -O2 -o bind2lo.so bind2lo.c -ldl
 * BIND2LO_V6MAPPED=1 maps [::] to [::ffff:127.0.0.1] instead of [::1]; BIND2LO_DEBUG=1 logs rewrites.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
    static int (*real_bind)(int, const struct sockaddr *, socklen_t);
    if (!real_bind) real_bind = (int (*)(int, const struct sockaddr *, socklen_t)) dlsym(RTLD_NEXT, "bind");
    if (addr && addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        struct sockaddr_in a;
        memcpy(&a, addr, sizeof a);
        if (a.sin_addr.s_addr == htonl(INADDR_ANY)) {
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (getenv("BIND2LO_DEBUG")) fprintf(stderr, "[bind2lo] 0.0.0.0:%d -> 127.0.0.1\n", ntohs(a.sin_port));
            return real_bind(fd, (struct sockaddr *) &a, sizeof a);
        }
    } else if (addr && addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 a;
        memcpy(&a, addr, sizeof a);
        if (memcmp(&a.sin6_addr, &in6addr_any, sizeof a.sin6_addr) == 0) {
            if (getenv("BIND2LO_V6MAPPED")) {
                memset(&a.sin6_addr, 0, sizeof a.sin6_addr);
                a.sin6_addr.s6_addr[10] = 0xff;
                a.sin6_addr.s6_addr[11] = 0xff;
                a.sin6_addr.s6_addr[12] = 127;
                a.sin6_addr.s6_addr[15] = 1;
            } else {
                a.sin6_addr = in6addr_loopback;
            }
            if (getenv("BIND2LO_DEBUG")) fprintf(stderr, "[bind2lo] [::]:%d -> loopback\n", ntohs(a.sin6_port));
            return real_bind(fd, (struct sockaddr *) &a, sizeof a);
        }
    }
    return real_bind(fd, addr, len);
}
