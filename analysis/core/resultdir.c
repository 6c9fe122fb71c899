/* resultdir.c — a result folder written as one unit; see resultdir.h. */
#define _GNU_SOURCE
#include "resultdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

struct sp_resultdir {
    char *out;        /* the folder as it is replaced (symlinks resolved) */
    char *parent, *name;
    char *container;  /* PARENT/.NAME.staging-PID */
    char *staging;    /* container/NAME: the new set */
    char *aside;      /* container/old: the old set during a two-rename swap */
    char *lock;       /* PARENT/.NAME.lock */
    int lock_fd;
};

/* What the signal thread cleans up: the result folder in progress. */
static struct {
    pthread_mutex_t mu;
    int active;
    char container[PATH_MAX + 64], lock[PATH_MAX + 64], out[PATH_MAX + 64];
    sigset_t set;
} G = {.mu = PTHREAD_MUTEX_INITIALIZER};

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

static int rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb, (void)type, (void)ftw;
    return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

int sp_remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(sb.st_mode))
        return remove(path);
    return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* the last staging folder and the name the user gave (sp_resultdir_shown) */
static char shown_from[PATH_MAX + 64], shown_to[PATH_MAX + 64];

/* ---- signals ---- */

static void put_err(const char *s)
{
    ssize_t r = write(STDERR_FILENO, s, strlen(s));
    (void)r;
}

static void *signal_thread(void *arg)
{
    (void)arg;
    int sig = 0;
    while (sigwait(&G.set, &sig) != 0)
        ;
    pthread_mutex_lock(&G.mu);   /* never released: the process ends here */
    if (G.active) {
        /* other threads may still create files in it: remove until it is gone */
        for (int i = 0; i < 100 && exists(G.container); i++)
            sp_remove_tree(G.container);
        unlink(G.lock);
        put_err("siteplan: interrupted; ");
        put_err(G.out);
        put_err(" left as it was\n");
    }
    _exit(128 + sig);
}

static void signals_install(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    sigemptyset(&G.set);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        /* a signal ignored at start (nohup, a background job) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaddset(&G.set, sigs[i]);
    }
    pthread_sigmask(SIG_BLOCK, &G.set, NULL);
    pthread_attr_t attr;
    pthread_t t;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, signal_thread, NULL) != 0)
        pthread_sigmask(SIG_UNBLOCK, &G.set, NULL);   /* no cleanup, but still killable */
    pthread_attr_destroy(&attr);
}

/* ---- the lock ---- */

static sp_status lock_take(sp_resultdir *rd)
{
    for (int tries = 0; tries < 20; tries++) {
        int fd = open(rd->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0)
            return sp_error(SP_E_IO, "%s: cannot create the lock file %s: %s", rd->out, rd->lock,
                            strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            char buf[32] = {0};
            ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
            close(fd);
            long pid = n > 0 ? atol(buf) : 0;
            if (e != EWOULDBLOCK)
                return sp_error(SP_E_IO, "%s: cannot lock %s: %s", rd->out, rd->lock, strerror(e));
            char who[64] = "";
            if (pid > 0)
                snprintf(who, sizeof who, " (process %ld)", pid);
            return sp_error(SP_E_INPUT, "%s: in use by another siteplan command%s; wait for it "
                            "to finish or choose another output folder", rd->out, who);
        }
        /* the holder before us removes the file when done: lock the file
         * that is there now, or try again */
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(rd->lock, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
            /* the pid is only for the message of a refused run */
            if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)n, 0) != n)
                buf[0] = '\0';
            rd->lock_fd = fd;
            return SP_OK;
        }
        close(fd);
    }
    return sp_error(SP_E_IO, "%s: cannot lock %s: it keeps changing", rd->out, rd->lock);
}

static void lock_release(sp_resultdir *rd)
{
    if (rd->lock_fd < 0)
        return;
    unlink(rd->lock);   /* while still holding it: see lock_take */
    close(rd->lock_fd);
    rd->lock_fd = -1;
}

/* ---- leftovers of killed runs ---- */

/* Every PARENT/.NAME.staging-* is stale: we hold the lock.  One holding
 * "old" beside the new set died in the two-rename swap: finish it. */
static sp_status clean_stale(sp_resultdir *rd)
{
    DIR *d = opendir(rd->parent);
    if (!d)
        return sp_error(SP_E_IO, "%s: cannot read folder: %s", rd->parent, strerror(errno));
    size_t plen = strlen(rd->name) + 10;
    char *prefix = malloc(plen + 1);
    if (!prefix) {
        closedir(d);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    snprintf(prefix, plen + 1, ".%s.staging-", rd->name);
    sp_status st = SP_OK;
    struct dirent *e;
    while (st == SP_OK && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) ||
            strspn(e->d_name + strlen(prefix), "0123456789") != strlen(e->d_name + strlen(prefix)))
            continue;
        size_t n = strlen(rd->parent) + strlen(e->d_name) + strlen(rd->name) + 8;
        char *c = malloc(n), *c_new = malloc(n), *c_old = malloc(n);
        if (!c || !c_new || !c_old) {
            st = sp_error(SP_E_NOMEM, "out of memory");
        } else {
            snprintf(c, n, "%s/%s", rd->parent, e->d_name);
            snprintf(c_new, n, "%s/%s", c, rd->name);
            snprintf(c_old, n, "%s/old", c);
            if (!exists(rd->out) && exists(c_old)) {
                const char *from = exists(c_new) ? c_new : c_old;
                if (rename(from, rd->out) != 0)
                    st = sp_error(SP_E_IO, "%s: cannot finish the swap of a killed run (%s): %s",
                                  rd->out, from, strerror(errno));
                else
                    sp_warn("%s: a run killed while swapping its results in left the %s set "
                            "aside; put it in place", rd->out, from == c_new ? "new" : "old");
            }
            if (st == SP_OK && sp_remove_tree(c) != 0)
                st = sp_error(SP_E_IO, "%s: cannot remove the staging folder of a killed run: %s",
                              c, strerror(errno));
        }
        free(c);
        free(c_new);
        free(c_old);
    }
    closedir(d);
    free(prefix);
    return st;
}

/* ---- copying (render of a folder starts from the folder) ---- */

static sp_status copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return sp_error(SP_E_IO, "%s: cannot open: %s", from, strerror(errno));
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out < 0) {
        int e = errno;
        close(in);
        return sp_error(SP_E_IO, "%s: cannot create: %s", to, strerror(e));
    }
    char buf[1 << 16];
    ssize_t n = 0;
    int bad = 0;
    while (!bad && (n = read(in, buf, sizeof buf)) > 0)
        for (ssize_t at = 0; at < n && !bad;) {
            ssize_t w = write(out, buf + at, (size_t)(n - at));
            if (w < 0)
                bad = 1;
            else
                at += w;
        }
    if (n < 0 || fsync(out) != 0)
        bad = 1;
    int e = errno;
    close(in);
    if (close(out) != 0)
        bad = 1;
    return bad ? sp_error(SP_E_IO, "%s: cannot copy to %s: %s", from, to, strerror(e)) : SP_OK;
}

/* Regular files and folders of FROM into TO (existing), hidden names not. */
static sp_status copy_tree(const char *from, const char *to)
{
    DIR *d = opendir(from);
    if (!d)
        return sp_error(SP_E_IO, "%s: cannot read folder: %s", from, strerror(errno));
    sp_status st = SP_OK;
    struct dirent *e;
    while (st == SP_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n1 = strlen(from) + strlen(e->d_name) + 2, n2 = strlen(to) + strlen(e->d_name) + 2;
        char *a = malloc(n1), *b = malloc(n2);
        struct stat sb;
        if (!a || !b) {
            st = sp_error(SP_E_NOMEM, "out of memory");
        } else {
            snprintf(a, n1, "%s/%s", from, e->d_name);
            snprintf(b, n2, "%s/%s", to, e->d_name);
            if (lstat(a, &sb) != 0)
                st = sp_error(SP_E_IO, "%s: %s", a, strerror(errno));
            else if (S_ISDIR(sb.st_mode))
                st = mkdir(b, 0777) != 0 ? sp_error(SP_E_IO, "%s: cannot create folder: %s", b,
                                                    strerror(errno))
                                         : copy_tree(a, b);
            else if (S_ISREG(sb.st_mode))
                st = copy_file(a, b);
        }
        free(a);
        free(b);
    }
    closedir(d);
    return st;
}

/* ---- begin, commit, abort ---- */

static sp_status split_out(const char *out, sp_resultdir *rd)
{
    if (!*out)
        return sp_error(SP_E_INPUT, "the output folder is an empty name");
    char *p = strdup(out);
    if (!p)
        return sp_error(SP_E_NOMEM, "out of memory");
    for (size_t n = strlen(p); n > 1 && p[n - 1] == '/'; n--)
        p[n - 1] = '\0';
    struct stat sb;
    const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
    if (lstat(p, &sb) == 0 && (S_ISLNK(sb.st_mode) || !strcmp(base, ".") || !strcmp(base, ".."))) {
        /* swap the folder itself, not the link or the dot name */
        char *real = realpath(p, NULL);
        if (!real) {
            sp_status st = sp_error(SP_E_IO, "%s: %s", out, strerror(errno));
            free(p);
            return st;
        }
        free(p);
        p = real;
    }
    char *c1 = strdup(p), *c2 = strdup(p);
    if (!c1 || !c2) {
        free(p), free(c1), free(c2);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    rd->out = p;
    rd->parent = strdup(dirname(c1));
    rd->name = strdup(basename(c2));
    free(c1);
    free(c2);
    if (!rd->parent || !rd->name)
        return sp_error(SP_E_NOMEM, "out of memory");
    if (!strcmp(rd->name, "/") || !strcmp(rd->name, ".") || !strcmp(rd->name, ".."))
        return sp_error(SP_E_INPUT, "%s: cannot be an output folder (it is replaced as a whole)",
                        out);
    return SP_OK;
}

static void rd_free(sp_resultdir *rd)
{
    if (!rd)
        return;
    lock_release(rd);
    free(rd->out);
    free(rd->parent);
    free(rd->name);
    free(rd->container);
    free(rd->staging);
    free(rd->aside);
    free(rd->lock);
    free(rd);
}

sp_status sp_resultdir_begin(const char *out, sp_resultdir_check_fn check, int copy_existing,
                             sp_resultdir **out_rd)
{
    *out_rd = NULL;
    sp_resultdir *rd = calloc(1, sizeof *rd);
    if (!rd)
        return sp_error(SP_E_NOMEM, "out of memory");
    rd->lock_fd = -1;
    sp_status st = split_out(out, rd);
    if (st == SP_OK)
        st = sp_mkdir_p(rd->parent);
    if (st == SP_OK) {
        rd->container = dup_printf("%s/.%s.staging-%ld", rd->parent, rd->name, (long)getpid());
        rd->lock = dup_printf("%s/.%s.lock", rd->parent, rd->name);
        if (rd->container) {
            rd->staging = dup_printf("%s/%s", rd->container, rd->name);
            rd->aside = dup_printf("%s/old", rd->container);
        }
        if (!rd->container || !rd->lock || !rd->staging || !rd->aside ||
            strlen(rd->container) + 8 >= sizeof G.container || strlen(rd->out) >= sizeof G.out)
            st = sp_error(SP_E_IO, "%s: path too long", out);
    }
    if (st == SP_OK) {
        snprintf(shown_from, sizeof shown_from, "%s", rd->staging);
        snprintf(shown_to, sizeof shown_to, "%s", out);
        st = lock_take(rd);
    }
    if (st == SP_OK)
        st = clean_stale(rd);
    struct stat sb;
    int have = st == SP_OK && stat(rd->out, &sb) == 0;
    if (have && !S_ISDIR(sb.st_mode))
        st = sp_error(SP_E_INPUT, "%s: exists and is not a folder", rd->out);
    if (st == SP_OK && have && check)
        st = check(rd->out);
    if (st == SP_OK) {
        signals_install();
        pthread_mutex_lock(&G.mu);
        snprintf(G.container, sizeof G.container, "%s", rd->container);
        snprintf(G.lock, sizeof G.lock, "%s", rd->lock);
        snprintf(G.out, sizeof G.out, "%s", out);
        G.active = 1;
        pthread_mutex_unlock(&G.mu);
        if (mkdir(rd->container, 0777) != 0 || mkdir(rd->staging, 0777) != 0)
            st = sp_error(SP_E_IO, "%s: cannot create the staging folder %s: %s", out,
                          rd->staging, strerror(errno));
        else if (have)
            chmod(rd->staging, sb.st_mode & 07777);   /* the folder keeps its permissions */
        if (st == SP_OK && have && copy_existing)
            st = copy_tree(rd->out, rd->staging);
        if (st) {
            sp_resultdir_abort(rd);
            return st;
        }
    }
    if (st) {
        rd_free(rd);
        return st;
    }
    *out_rd = rd;
    return SP_OK;
}

const char *sp_resultdir_path(const sp_resultdir *rd) { return rd->staging; }

const char *sp_resultdir_shown(const char *msg, char *buf, size_t len)
{
    size_t n = strlen(shown_from), at = 0;
    const char *hit;
    if (!n || !len)
        return msg;
    buf[0] = '\0';
    while ((hit = strstr(msg, shown_from)) != NULL && at < len) {
        at += (size_t)snprintf(buf + at, len - at, "%.*s%s", (int)(hit - msg), msg, shown_to);
        msg = hit + n;
    }
    if (at < len)
        snprintf(buf + at, len - at, "%s", msg);
    return buf;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

sp_status sp_resultdir_commit(sp_resultdir *rd)
{
    sp_status st = SP_OK;
    pthread_mutex_lock(&G.mu);   /* a signal now waits for the swap */
    sync_dir(rd->staging);
    int have = exists(rd->out), done = 0;
    if (have && !getenv("SP_TEST_NO_EXCHANGE")) {
        if (renameat2(AT_FDCWD, rd->staging, AT_FDCWD, rd->out, RENAME_EXCHANGE) == 0)
            done = 1;
        else if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP)
            st = sp_error(SP_E_IO, "%s: cannot swap the new results in from %s: %s", rd->out,
                          rd->staging, strerror(errno));
    }
    if (st == SP_OK && !done) {
        /* the window: no OUT between these two renames (clean_stale repairs) */
        if (have && rename(rd->out, rd->aside) != 0) {
            st = sp_error(SP_E_IO, "%s: cannot move the earlier results aside: %s", rd->out,
                          strerror(errno));
        } else {
            sp_test_pause("swap");
            if (rename(rd->staging, rd->out) != 0) {
                int e = errno;
                if (have)
                    rename(rd->aside, rd->out);
                st = sp_error(SP_E_IO, "%s: cannot move the new results in from %s: %s", rd->out,
                              rd->staging, strerror(e));
            }
        }
    }
    if (st == SP_OK) {
        sync_dir(rd->parent);
        sp_remove_tree(rd->container);   /* the old set; a leftover goes next run */
        G.active = 0;
    }
    pthread_mutex_unlock(&G.mu);
    if (st) {
        sp_resultdir_abort(rd);
        return st;
    }
    rd_free(rd);
    return SP_OK;
}

void sp_resultdir_abort(sp_resultdir *rd)
{
    if (!rd)
        return;
    pthread_mutex_lock(&G.mu);
    if (rd->container)
        sp_remove_tree(rd->container);
    G.active = 0;
    pthread_mutex_unlock(&G.mu);
    rd_free(rd);
}

void sp_test_pause(const char *point)
{
    static int paused;
    const char *at = getenv("SP_TEST_PAUSE_AT");
    if (paused || !at || strcmp(at, point))
        return;
    paused = 1;
    const char *s = getenv("SP_TEST_PAUSE_SECONDS");
    int secs = s ? atoi(s) : 60;
    fprintf(stderr, "siteplan: test pause at %s\n", point);
    fflush(stderr);
    for (int i = 0; i < secs; i++)
        sleep(1);
}
