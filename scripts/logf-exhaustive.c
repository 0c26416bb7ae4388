/*
 * Exhaustive check behind src/util/logf.ts: every positive normal float32 but 1, this machine's
 * libm logf against the algorithm of src/util/logf.ts restated in C, evaluated without and with
 * fused multiply-adds (glibc's generic and FMA builds). About 2 minutes on one core:
 *   gcc -O2 -ffp-contract=off -mfma -o /tmp/logf-exhaustive scripts/logf-exhaustive.c -lm && /tmp/logf-exhaustive
 * glibc 2.36 (Debian 12, x86-64 with FMA), measured: 2,130,706,431 inputs, 0 differences for both.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
static const double T[16][2] = {{1.398907162146528,-0.33569133332882284},{1.3403141896637998,-0.2929040563774074},{1.286432210124115,-0.2518726580937369},{1.2367150214269895,-0.21245868807117255},{1.1906977166711752,-0.17453945183745634},{1.1479821020556429,-0.1380057072319758},{1.1082251448272158,-0.10275976698545139},{1.0711297413057381,-0.06871392447020525},{1.036437278977283,-0.0357891387398228},{1.0,0},{0.9492859795739057,0.05204517742929496},{0.8951049428609004,0.11081431298787942},{0.8476821620351103,0.1652495223695143},{0.8050314851692001,0.21687389031699977},{0.7664671008843108,0.2659635028121397},{0.731428603316328,0.3127556664073557}};
static const double LN2 = 0.6931471805599453, A0 = -0.25089342214237154, A1 = 0.333456765744066, A2 = -0.4999997485802103;
static float lg(float x, int fm) {
  uint32_t ix; memcpy(&ix, &x, 4);
  uint32_t tmp = ix - 0x3f330000; int i = (tmp >> 19) % 16; int k = (int32_t)tmp >> 23;
  uint32_t iz = ix - (tmp & 0xff800000u); float z; memcpy(&z, &iz, 4);
  double invc = T[i][0], logc = T[i][1], r, y0, r2, y;
  if (fm) { r = fma((double)z, invc, -1.0); y0 = fma((double)k, LN2, logc); r2 = r*r; y = fma(A1, r, A2); y = fma(A0, r2, y); y = fma(y, r2, y0 + r); }
  else { r = (double)z * invc - 1.0; y0 = logc + (double)k * LN2; r2 = r*r; y = A1*r + A2; y = A0*r2 + y; y = y*r2 + (y0 + r); }
  return (float)y;
}
int main(void) {
  long n = 0, bad[2] = {0};
  for (uint32_t u = 0x00800000; u < 0x7f800000; u++) {
    float x; memcpy(&x, &u, 4); if (x == 1.0f) continue;
    float want = logf(x); n++;
    for (int m = 0; m < 2; m++) if (lg(x, m) != want) { bad[m]++; if (bad[m] <= 5) printf("variant %d differs at %.9g (bits %08x): libm %.9g ours %.9g\n", m, x, u, want, lg(x, m)); }
  }
  printf("%ld inputs; differences: plain %ld, fused %ld\n", n, bad[0], bad[1]);
}
