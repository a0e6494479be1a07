/* Streaming OLS (one pass over the CSV, centred cross-products) against R's lm on
 * Longley (the nested models of make_regress.R) and against the QR fit on bfi with
 * missing values; digits on NIST Longley. Bad input: unknown column, bad cell. */
#include "ambidex/adx_data.h"
#include "ambidex/adx_regress.h"
#include "refkv.h"
#include "testutil.h"
#include "../../src/io/csv_priv.h"

#include <stdlib.h>
#include <unistd.h>

#define REF ADX_SOURCE_DIR "/tests/reference/"

static void vs_r(const refkv_t *kv, int m, const char *const *xs, size_t k)
{
    adx_ols_t *f = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_ols_stream_csv(REF "data/longley.csv", NULL, "Employed", xs, k, NULL, &f, &e), e);
    if (!f)
        return;
    char key[256];
    int found;
    struct {
        const char *k;
        double v;
    } ms[] = {{"r2", f->r2}, {"adj_r2", f->adj_r2}, {"se_est", f->sigma}, {"f", f->f},
              {"p", f->f_p}, {"ss_res", f->rss}, {"ss_total", f->tss}};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        snprintf(key, sizeof key, "longley.m%d.%s", m, ms[i].k);
        double ref = kv_get(kv, key, &found);
        CHECK(found);
        kv_track(ms[i].k, ms[i].v, ref);
        CHECK_CLOSE(ms[i].v, ref, 1e-8);
    }
    for (size_t j = 0; j <= k; j++) {
        const char *nm = j ? xs[j - 1] : "(Intercept)";
        double v[] = {f->b[j], f->se[j], f->t[j], f->pvalue[j]};
        static const char *s[] = {"b", "se", "t", "p"};
        for (int i = 0; i < 4; i++) {
            snprintf(key, sizeof key, "longley.m%d.%s.%s", m, nm, s[i]);
            double ref = kv_get(kv, key, &found);
            CHECK(found);
            kv_track(s[i], v[i], ref);
            CHECK_CLOSE(v[i], ref, 1e-8);
        }
    }
    adx_ols_free(f);
}

/* One decimal text to double through the CSV cell parser (shared by adx_read_csv and
 * the streaming reader): 1 with the value, 0 when the whole text is not a number. */
static int parse(const char *s, double *x)
{
    return adx__csv_parse_number(s, s + strlen(s), '.', x);
}

/* The CSV number parser returns exactly what strtod returns for every text that is a
 * whole finite decimal number, and refuses the others (hex, partial, inf, nan). */
static void parse_vs_strtod(void)
{
    static const char *fixed[] = {"0", "-0", "1", "0.1", ".5", "5.", "1e5", "1E-5", "-1.5e+3",
                                  "000123.4500", "0.000001234", "9007199254740993",
                                  "123456789012345", "1234567890123456", "1e22", "1e23",
                                  "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308",
                                  "0.30000000000000004", "1e-22", "123.456e-20", "nan", "inf",
                                  "-", "1e", "1.2.3", "0x1p3", "12abc", "+7"};
    int bad = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        char *e2;
        double a = NAN, b = strtod(fixed[i], &e2);
        int ok = parse(fixed[i], &a);
        int number = !*e2 && e2 != fixed[i] && isfinite(b) && !strpbrk(fixed[i], "xX");
        if (ok != number || (ok && memcmp(&a, &b, sizeof a) != 0)) {
            bad++;
            fprintf(stderr, "parse '%s': %d %.17g vs strtod %.17g\n", fixed[i], ok, a, b);
        }
    }
    /* Random values in the formats data files use. */
    unsigned long long s = 12345;
    static const char *fmts[] = {"%.15g", "%.10g", "%.6f", "%.3e", "%.17g", "%.2f", "%.0f"};
    for (int i = 0; i < 200000; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(s >> 11) / 9007199254740992.0;
        double v = (u - 0.5) * pow(10.0, (double)((int)(s % 17) - 8));
        char buf[64], *e2;
        snprintf(buf, sizeof buf, fmts[i % 7], v);
        double a = NAN, b = strtod(buf, &e2);
        if (!parse(buf, &a) || memcmp(&a, &b, sizeof a) != 0 || *e2) {
            if (bad++ < 5)
                fprintf(stderr, "parse '%s': %.17g vs strtod %.17g\n", buf, a, b);
        }
    }
    CHECK(bad == 0);
}

int main(void)
{
    adx_init();
    parse_vs_strtod();
    refkv_t kv = kv_load(REF "regress/expected/regress_longley.csv");
    static const char *x1[] = {"GNP", "Population"};
    static const char *x2[] = {"GNP", "Population", "Unemployed", "Armed_Forces"};
    vs_r(&kv, 1, x1, 2);
    vs_r(&kv, 2, x2, 4);
    kv_report("streaming OLS vs R lm (Longley models 1-2)");
    kv_free(&kv);

    /* Same fit as the QR path on bfi (listwise deletion over 2800 cases). */
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(REF "data/bfi.csv", NULL, &ds, &e), e);
    adx_regress_t *r = NULL;
    CHECK_OK(adx_regress(ds, "A1 ~ A2 + A3 + C1 + C2 + age", NULL, 0, NULL, &r, &e), e);
    static const char *xb[] = {"A2", "A3", "C1", "C2", "age"};
    adx_ols_t *f = NULL;
    CHECK_OK(adx_ols_stream_csv(REF "data/bfi.csv", NULL, "A1", xb, 5, NULL, &f, &e), e);
    if (r && f) {
        const adx_ols_t *q = r->models[0].fit;
        CHECK(f->n == q->n);
        CHECK_CLOSE(f->r2, q->r2, 1e-10);
        CHECK_CLOSE(f->sigma, q->sigma, 1e-10);
        for (size_t j = 0; j < 6; j++) {
            CHECK_CLOSE(f->b[j], q->b[j], 1e-10);
            CHECK_CLOSE(f->se[j], q->se[j], 1e-10);
        }
    }
    adx_ols_free(f);
    /* Many small chunks (merged co-moments) give the same fit. */
    f = NULL;
    CHECK_OK(adx_ols_stream_csv_chunked(REF "data/bfi.csv", NULL, "A1", xb, 5, NULL, 1000, &f, &e),
             e);
    if (r && f) {
        const adx_ols_t *q = r->models[0].fit;
        CHECK(f->n == q->n);
        for (size_t j = 0; j < 6; j++) {
            CHECK_CLOSE(f->b[j], q->b[j], 1e-10);
            CHECK_CLOSE(f->se[j], q->se[j], 1e-10);
        }
    }
    adx_ols_free(f);
    adx_regress_free(r);
    adx_dataset_free(ds);

    /* A bad cell in a later chunk is reported with its line in the file. */
    {
        char path[] = "/tmp/adx_stream_XXXXXX";
        int fd = mkstemp(path);
        FILE *w = fd >= 0 ? fdopen(fd, "w") : NULL;
        CHECK(w != NULL);
        if (w) {
            fprintf(w, "y,x\n");
            for (int i = 0; i < 500; i++)
                fprintf(w, "%d,%d\n", i % 7, i % 5);
            fprintf(w, "1,oops\n");
            fclose(w);
            f = NULL;
            CHECK(adx_ols_stream_csv_chunked(path, NULL, "y", (const char *[]){"x"}, 1, NULL, 100,
                                             &f, &e) == ADX_EPARSE);
            CHECK(strstr(e.msg, ":502: column 'x': 'oops' is not a finite number") != NULL);
            remove(path);
        }
    }

    /* BOM, CRLF, ';' with decimal commas, quoted cells, a missing value and a user-missing
     * code: the streaming fit equals the in-memory one on the same file. */
    {
        char path[] = "/tmp/adx_stream2_XXXXXX";
        int fd = mkstemp(path);
        FILE *w = fd >= 0 ? fdopen(fd, "w") : NULL;
        CHECK(w != NULL);
        if (w) {
            fprintf(w, "\xEF\xBB\xBFy;x1;x2\r\n");
            static const char *rows[] = {"1,5;2;\"3,25\"", "2,25;3,5;1", "4;;2",   "3,75;5;4,5",
                                         "5,5;6;2,75",     "-99;7;1",    "6;8,25;5", "7,5;9;3"};
            for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
                fprintf(w, "%s\r\n", rows[i]);
            fclose(w);
            adx_read_options_t ro;
            adx_read_options_init(&ro);
            ro.sep = ';';
            ro.decimal = ',';
            static const double na[] = {-99};
            ro.na_codes = na;
            ro.n_na_codes = 1;
            adx_dataset_t *d2 = NULL;
            adx_regress_t *r2 = NULL;
            CHECK_OK(adx_read_csv(path, &ro, &d2, &e), e);
            if (d2)
                CHECK_OK(adx_regress(d2, "y ~ x1 + x2", NULL, 0, NULL, &r2, &e), e);
            f = NULL;
            CHECK_OK(adx_ols_stream_csv(path, &ro, "y", (const char *[]){"x1", "x2"}, 2, NULL, &f, &e),
                     e);
            if (r2 && f) {
                const adx_ols_t *q = r2->models[0].fit;
                CHECK(f->n == 6 && q->n == 6);
                for (size_t j = 0; j < 3; j++) {
                    CHECK_CLOSE(f->b[j], q->b[j], 1e-12);
                    CHECK_CLOSE(f->se[j], q->se[j], 1e-12);
                }
            }
            adx_ols_free(f);
            f = NULL;
            adx_regress_free(r2);
            adx_dataset_free(d2);
            remove(path);
        }
    }

    /* Every cell is read the same way by adx_read_csv and the streaming reader: a NaN
     * cell is missing for both, and a quoted text field with doubled quotes and a
     * separator or a line break inside stays one field. Same N, same coefficients. */
    {
        char path[] = "/tmp/adx_stream3_XXXXXX";
        int fd = mkstemp(path);
        FILE *w = fd >= 0 ? fdopen(fd, "w") : NULL;
        CHECK(w != NULL);
        if (w) {
            fprintf(w, "note,y,x\n");
            static const char *rows[] = {"\"he said \"\"hi, there\"\"\",1.5,2", "b,2.25,NaN",
                                         "\"c,\"\"d\"\"\",4,2.5",             "d,\"3.75\",5",
                                         "e,5.5,6",                         "\"f\n\"\"\",6,8.25",
                                         "g,7.5,9"};
            for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
                fprintf(w, "%s\n", rows[i]);
            fclose(w);
            adx_dataset_t *d3 = NULL;
            adx_regress_t *r3 = NULL;
            CHECK_OK(adx_read_csv(path, NULL, &d3, &e), e);
            if (d3)
                CHECK_OK(adx_regress(d3, "y ~ x", NULL, 0, NULL, &r3, &e), e);
            f = NULL;
            CHECK_OK(adx_ols_stream_csv(path, NULL, "y", (const char *[]){"x"}, 1, NULL, &f, &e), e);
            if (r3 && f) {
                const adx_ols_t *q = r3->models[0].fit;
                CHECK(f->n == 6 && q->n == 6);
                for (size_t j = 0; j < 2; j++) {
                    CHECK_CLOSE(f->b[j], q->b[j], 1e-12);
                    CHECK_CLOSE(f->se[j], q->se[j], 1e-12);
                }
            }
            if (d3)
                CHECK(d3->nrows == 7 && !strcmp(d3->vars[0].str[0], "he said \"hi, there\""));
            adx_ols_free(f);
            f = NULL;
            /* The same in chunks of a few bytes: cuts never fall inside a quoted field. */
            CHECK_OK(adx_ols_stream_csv_chunked(path, NULL, "y", (const char *[]){"x"}, 1, NULL,
                                                8, &f, &e),
                     e);
            if (r3 && f) {
                CHECK(f->n == 6);
                CHECK_CLOSE(f->b[1], r3->models[0].fit->b[1], 1e-12);
            }
            adx_ols_free(f);
            f = NULL;
            adx_regress_free(r3);
            adx_dataset_free(d3);
            remove(path);
        }
    }

    /* NIST Longley: digits reached by the streaming solver (normal equations). */
    static const char *xn[] = {"x1", "x2", "x3", "x4", "x5", "x6"};
    static const double cert_b[] = {-3482258.63459582,      15.0618722713733,
                                    -0.358191792925910E-01, -2.02022980381683,
                                    -1.03322686717359,      -0.511041056535807E-01,
                                    1829.15146461355};
    f = NULL;
    CHECK_OK(adx_ols_stream_csv(REF "regress/nist/longley.csv", NULL, "y", xn, 6, NULL, &f, &e), e);
    if (f) {
        double worst = 16;
        for (int j = 0; j < 7; j++) {
            double l = -log10(fabs(f->b[j] - cert_b[j]) / fabs(cert_b[j]));
            worst = l < worst ? l : worst;
        }
        printf("NIST longley, streaming: %.1f digits in b\n", worst);
        CHECK(worst >= 11);
    }
    adx_ols_free(f);

    /* Bad input. */
    CHECK(adx_ols_stream_csv(REF "data/longley.csv", NULL, "Employed", (const char *[]){"GNPP"}, 1,
                             NULL, &f, &e) == ADX_ENOVAR);
    CHECK(strstr(e.msg, "did you mean 'GNP'") != NULL);
    CHECK(adx_ols_stream_csv(REF "data/bfi.csv", NULL, "A1", (const char *[]){"A2", "A2"}, 2, NULL,
                             &f, &e) == ADX_EUSAGE);
    adx_ols_options_t o;
    adx_ols_options_init(&o);
    o.hc = ADX_HC3;
    CHECK(adx_ols_stream_csv(REF "data/longley.csv", NULL, "Employed", xb, 0, &o, &f, &e) ==
          ADX_EUNSUPPORTED);
    CHECK(f == NULL);
    TEST_DONE();
}
