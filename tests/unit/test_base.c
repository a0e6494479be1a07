/* src/base: the private ground floor. Oracles: R 4.2.2's quantile(type = 6 / 7) (the
 * quantile and BC values below were printed by R) and closed-form values worked out in
 * each block's comment. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/base/base.h"
#include "testutil.h"

static void test_strbuf(void)
{
    adx__sb_t b = {0};
    adx__sb_str(&b, "ab");
    adx__sb_printf(&b, "%d-%s", 12, "x");
    adx__sb_repeat(&b, "=", 3);
    adx__sb_char(&b, '!');
    char big[2000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = 0;
    adx__sb_printf(&b, "%s", big); /* longer than the printf fast path */
    CHECK(b.len == strlen("ab12-x===!") + 1999);
    char *s = adx__sb_take(&b);
    CHECK(s && !strncmp(s, "ab12-x===!zz", 12) && strlen(s) == 10 + 1999);
    CHECK(b.s == NULL && b.len == 0);
    free(s);
    adx__sb_t e = {0};
    char *empty = adx__sb_take(&e);
    CHECK(empty && empty[0] == 0);
    free(empty);
    char t[] = "  a b \t\n";
    CHECK(!strcmp(adx__trim(t), "a b"));
    char *d = adx__strndup("hello", 3);
    CHECK(d && !strcmp(d, "hel"));
    free(d);
    CHECK(adx__strdup(NULL) == NULL);
}

static void test_quantiles(void)
{
    /* x = 1 2 3 4 5 8 13; R: quantile(x, c(.16, .5, .84), type = 6) = 1.28 4 11.6,
     * type = 7: 1.96 4 8.2 */
    const double x[] = {1, 2, 3, 4, 5, 8, 13};
    CHECK_CLOSE(adx__quantile(x, 7, .16, ADX__Q_HAVERAGE), 1.28, 1e-12);
    CHECK_CLOSE(adx__quantile(x, 7, .50, ADX__Q_HAVERAGE), 4, 1e-12);
    CHECK_CLOSE(adx__quantile(x, 7, .84, ADX__Q_HAVERAGE), 11.6, 1e-12);
    CHECK_CLOSE(adx__quantile(x, 7, .16, ADX__Q_R7), 1.96, 1e-12);
    CHECK_CLOSE(adx__quantile(x, 7, .84, ADX__Q_R7), 8.2, 1e-12);
    CHECK_CLOSE(adx__quantile(x, 7, 0.01, ADX__Q_HAVERAGE), 1, 0);
    CHECK_CLOSE(adx__quantile(x, 7, 0.99, ADX__Q_HAVERAGE), 13, 0);
    CHECK_CLOSE(adx__quantile(x, 7, 1.0, ADX__Q_R7), 13, 0);
    /* PROCESS order statistics: B = 5000, 95%: the 125th and 4876th values */
    CHECK(adx__boot_order_lower(5000, .025) == 125);
    CHECK(adx__boot_order_upper(5000, .975) == 4876);
    CHECK(adx__boot_order_lower(10, 0.0) == 1);
    CHECK(adx__boot_order_upper(10, 1.0) == 10);
    double s[] = {3, -1, 2, 2, 0};
    qsort(s, 5, sizeof *s, adx__cmp_double);
    CHECK(s[0] == -1 && s[1] == 0 && s[4] == 3);
}

static void test_boot_limits(void)
{
    enum { B = 1000 };
    double *v = malloc(B * sizeof *v);
    for (size_t i = 0; i < B; i++)
        v[i] = (double)i / (B - 1); /* uniform grid on [0, 1], sorted */
    double lo, hi;
    /* percentile, R type 7: quantile(v, c(.025, .975)) = .025, .975 */
    CHECK(adx__boot_limits(v, B, .5, 0, .95, ADX__BOOT_PERCENTILE, ADX__Q_R7, &lo, &hi) == 0);
    CHECK_CLOSE(lo, .025, 1e-12);
    CHECK_CLOSE(hi, .975, 1e-12);
    /* BC with the estimate at the median: z0 = Phi^-1(500/1000) = 0, so BC = percentile */
    adx__boot_limits(v, B, v[500], 0, .95, ADX__BOOT_BC, ADX__Q_R7, &lo, &hi);
    CHECK_CLOSE(lo, .025, 1e-12);
    CHECK_CLOSE(hi, .975, 1e-12);
    /* BC shifted: estimate above 841 of 1000 values: z0 = Phi^-1(.841) = 0.99857;
     * lower prob = Phi(2 z0 - 1.95996) = Phi(0.03718) = .51483 */
    adx__boot_limits(v, B, v[841] , 0, .95, ADX__BOOT_BC, ADX__Q_R7, &lo, &hi);
    CHECK_CLOSE(lo, 0.5148326686301699, 1e-12); /* R: 0.51483266863016985 */
    /* BCa with NaN acceleration gives NaN limits */
    adx__boot_limits(v, B, .5, NAN, .95, ADX__BOOT_BCA, ADX__Q_R7, &lo, &hi);
    CHECK(isnan(lo) && isnan(hi));
    /* all replicates above the estimate: z0 = -inf, PROCESS takes the smallest */
    CHECK(adx__boot_limits(v, B, -1, 0, .95, ADX__BOOT_BC, ADX__Q_BOOT_ORDER, &lo, &hi) == 1);
    CHECK(lo == v[0] && hi == v[0]);
    /* PROCESS order statistics, percentile: the 25th and 976th values */
    adx__boot_limits(v, B, .5, 0, .95, ADX__BOOT_PERCENTILE, ADX__Q_BOOT_ORDER, &lo, &hi);
    CHECK(lo == v[24] && hi == v[975]);
    free(v);
}

static void test_spd(void)
{
    /* A = [4 2; 2 3]: det 8, inverse [3 -2; -2 4] / 8 */
    double a[] = {4, 2, 2, 3}, ld = 0;
    CHECK(adx__spd_inverse(a, 2, &ld) == ADX_OK);
    CHECK_CLOSE(ld, log(8.0), 1e-14);
    CHECK_CLOSE(a[0], 3.0 / 8, 1e-14);
    CHECK_CLOSE(a[1], -2.0 / 8, 1e-14);
    CHECK_CLOSE(a[2], -2.0 / 8, 1e-14);
    CHECK_CLOSE(a[3], 4.0 / 8, 1e-14);
    double b[] = {4, 2, 2, 3}, rhs[] = {8, 7};
    CHECK(adx__spd_solve(b, 2, rhs, 1) == ADX_OK); /* x = (1.25, 1.5) */
    CHECK_CLOSE(rhs[0], 1.25, 1e-14);
    CHECK_CLOSE(rhs[1], 1.5, 1e-14);
    double c[] = {1, 2, 2, 1}; /* indefinite */
    CHECK(adx__spd_inverse(c, 2, NULL) == ADX_ESINGULAR);
    double g[] = {0, 1, 1, 0}; /* permutation: its own inverse; not SPD */
    CHECK(adx__inverse(g, 2) == ADX_OK);
    CHECK(g[0] == 0 && g[1] == 1 && g[2] == 1 && g[3] == 0);
    double sing[] = {1, 2, 2, 4};
    CHECK(adx__inverse(sing, 2) == ADX_ESINGULAR);
    double e[] = {4, 2, 2, 3};
    CHECK(adx__spd_logdet(e, 2, &ld) == ADX_OK);
    CHECK_CLOSE(ld, log(8.0), 1e-14);
}

static void test_moments(void)
{
    const double x[] = {2, 4, 4, 4, 5, 5, 7, 9}; /* mean 5, var 32/7 */
    adx__moments_t m = {0};
    for (size_t i = 0; i < 8; i++)
        adx__moments_add(&m, x[i] + 1e9); /* Welford keeps the digits at an offset */
    CHECK_CLOSE(m.mean, 5 + 1e9, 1e-15);
    CHECK_CLOSE(adx__moments_var(&m), 32.0 / 7, 1e-6);
    double mean, sd;
    size_t k;
    const double y[] = {2, NAN, 4, 4, 4, 5, 5, 7, 9};
    adx__mean_sd(y, 9, 1, 1, &mean, &sd, &k);
    CHECK(k == 8);
    CHECK_CLOSE(mean, 5, 1e-15);
    CHECK_CLOSE(sd, sqrt(32.0 / 7), 1e-15);
    const double col[] = {1, 100, 3, 100}; /* stride 2 */
    adx__mean_sd(col, 2, 2, 0, &mean, &sd, &k);
    CHECK_CLOSE(mean, 2, 0);
    CHECK_CLOSE(sd, sqrt(2.0), 1e-15);
}

static void test_slurp(void)
{
    char path[] = "/tmp/adx_base_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    const char *text = "line 1\nline 2\n";
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    char *buf;
    size_t len;
    adx_errctx_t ctx = {0};
    CHECK_OK(adx__slurp(path, ADX__CAP_TEXT, "study file", &buf, &len, &ctx), ctx);
    CHECK(len == strlen(text) && !strcmp(buf, text));
    free(buf);
    unlink(path);
    CHECK(adx__slurp(path, ADX__CAP_TEXT, "study file", &buf, &len, &ctx) == ADX_EIO);
    CHECK(strstr(ctx.msg, "cannot open the study file") != NULL);
    CHECK(buf == NULL);
    CHECK(adx__cap_bytes(ADX__CAP_TEXT) == (size_t)64 << 20);
}

int main(void)
{
    adx_init();
    test_strbuf();
    test_quantiles();
    test_boot_limits();
    test_spd();
    test_moments();
    test_slurp();
    TEST_DONE();
}
