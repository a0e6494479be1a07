/* Date-times as numbers: seconds since 1970-01-01 00:00:00 (proleptic Gregorian
 * calendar, no leap seconds), the clock time as written; with an offset (+01:00, -0500,
 * +01) or Z, the time in UTC. Used by the vendor export
 * readers (Qualtrics, LimeSurvey) and by date() / datetime() in expressions. */
#include <ctype.h>
#include <math.h>

#include "base.h"

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil). */
static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* n digits at *p into *v; 0 when they are not all digits. */
static int digits(const char **p, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (!isdigit((unsigned char)**p))
            return 0;
        *v = *v * 10 + (**p - '0');
    }
    return 1;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int adx__datetime_parse(const char *s, double *out)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, se = 0;
    double frac = 0, off = 0;
    while (isspace((unsigned char)*p))
        p++;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
        !digits(&p, 2, &d))
        return 0;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap(y)))
        return 0;
    if ((*p == ' ' || *p == 'T') && isdigit((unsigned char)p[1])) {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return 0;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &se))
                return 0;
            if (*p == '.' && isdigit((unsigned char)p[1])) {
                double scale = 0.1;
                for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
                    frac += (*p - '0') * scale;
            }
        }
        if (h > 23 || mi > 59 || se > 60)
            return 0;
        if (*p == 'Z') {
            p++;
        } else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) {
            int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
            if (!digits(&p, 2, &oh))
                return 0;
            if (*p == ':')
                p++;
            if (isdigit((unsigned char)*p) && !digits(&p, 2, &om))
                return 0;
            if (oh > 14 || om > 59 || (oh == 14 && om)) /* at most 14:00 either way */
                return 0;
            off = sign * (oh * 3600.0 + om * 60.0);
        }
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p)
        return 0;
    *out = (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + se + frac -
           off;
    return 1;
}
