#ifndef PROXGUAC_CURL_EVENTS_H
#define PROXGUAC_CURL_EVENTS_H
/* Drives a curl multi handle through its socket interface (curl_multi_socket_action) with epoll.
 *
 * curl_multi_perform visits every transfer on each call and, for every transfer waiting for its answer, asks the
 * kernel whether its socket is readable (a poll of one socket). With a few hundred requests in flight that is a few
 * hundred system calls per wake-up. Here epoll reports the sockets that are ready and curl acts on those alone.
 *
 * curl tells which sockets to watch through the socket callback and when to call it back through the timer
 * callback; both only record (curl forbids calling it from them). An eventfd wakes the loop for new work. */
#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

typedef struct proxguac_curl_events {
    CURLM *multi;
    int epoll_fd;
    int wake_fd;
    /* When curl wants CURL_SOCKET_TIMEOUT, in CLOCK_MONOTONIC milliseconds; -1: no timer. */
    long long deadline_ms;
} proxguac_curl_events;

static inline long long proxguac_curl_now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static inline int proxguac_curl_socket_changed(CURL *easy, curl_socket_t socket, int what, void *userp, void *socketp) {
    (void)easy;
    proxguac_curl_events *events = (proxguac_curl_events *)userp;
    if (what == CURL_POLL_REMOVE) {
        (void)epoll_ctl(events->epoll_fd, EPOLL_CTL_DEL, socket, NULL);
        return 0;
    }
    struct epoll_event watch = {0};
    watch.data.fd = socket;
    if (what & CURL_POLL_IN) watch.events |= EPOLLIN;
    if (what & CURL_POLL_OUT) watch.events |= EPOLLOUT;
    if (socketp != NULL && epoll_ctl(events->epoll_fd, EPOLL_CTL_MOD, socket, &watch) == 0) return 0;
    if (epoll_ctl(events->epoll_fd, EPOLL_CTL_ADD, socket, &watch) != 0 && errno == EEXIST)
        (void)epoll_ctl(events->epoll_fd, EPOLL_CTL_MOD, socket, &watch);
    /* Marks the socket as watched (any non-NULL socketp) until curl forgets it. */
    curl_multi_assign(events->multi, socket, events);
    return 0;
}

static inline int proxguac_curl_timer_changed(CURLM *multi, long timeout_ms, void *userp) {
    (void)multi;
    proxguac_curl_events *events = (proxguac_curl_events *)userp;
    events->deadline_ms = timeout_ms < 0 ? -1 : proxguac_curl_now_ms() + timeout_ms;
    return 0;
}

/* Opens the epoll set and the wake-up eventfd and hands both callbacks to curl. Returns 0, or -1 (errno set). */
static inline int proxguac_curl_events_open(CURLM *multi, proxguac_curl_events *events) {
    events->multi = multi;
    events->deadline_ms = -1;
    events->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (events->epoll_fd < 0) return -1;
    events->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    struct epoll_event watch = {0};
    watch.events = EPOLLIN;
    watch.data.fd = events->wake_fd;
    if (events->wake_fd < 0 || epoll_ctl(events->epoll_fd, EPOLL_CTL_ADD, events->wake_fd, &watch) != 0) {
        if (events->wake_fd >= 0) close(events->wake_fd);
        close(events->epoll_fd);
        return -1;
    }
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, proxguac_curl_socket_changed);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, events);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, proxguac_curl_timer_changed);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, events);
    return 0;
}

/* Thread-safe: makes the loop's next (or current) wait return. */
static inline void proxguac_curl_events_wake(proxguac_curl_events *events) {
    uint64_t one = 1;
    (void)!write(events->wake_fd, &one, sizeof one);
}

/* Waits at most max_wait_ms for a ready socket, curl's timer or a wake-up, and lets curl act on what happened. */
static inline void proxguac_curl_events_step(CURLM *multi, proxguac_curl_events *events, int max_wait_ms) {
    long long wait = max_wait_ms;
    if (events->deadline_ms >= 0) {
        long long left = events->deadline_ms - proxguac_curl_now_ms();
        if (left < wait) wait = left < 0 ? 0 : left;
    }
    struct epoll_event ready[64];
    int count = epoll_wait(events->epoll_fd, ready, 64, (int)wait);
    int running = 0;
    for (int i = 0; i < count; i++) {
        int fd = ready[i].data.fd;
        if (fd == events->wake_fd) {
            uint64_t drained;
            (void)!read(events->wake_fd, &drained, sizeof drained);
            continue;
        }
        int action = 0;
        if (ready[i].events & (EPOLLIN | EPOLLHUP)) action |= CURL_CSELECT_IN;
        if (ready[i].events & EPOLLOUT) action |= CURL_CSELECT_OUT;
        if (ready[i].events & EPOLLERR) action |= CURL_CSELECT_ERR;
        curl_multi_socket_action(multi, fd, action, &running);
    }
    if (events->deadline_ms >= 0 && proxguac_curl_now_ms() >= events->deadline_ms) {
        events->deadline_ms = -1;
        curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
}

/* After curl_multi_cleanup (which still tells the socket callback to forget its sockets). */
static inline void proxguac_curl_events_close(proxguac_curl_events *events) {
    close(events->wake_fd);
    close(events->epoll_fd);
}

#endif
