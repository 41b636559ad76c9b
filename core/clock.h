#ifndef SG_CLOCK_H
#define SG_CLOCK_H

/* Monotonic time, for durations and deadlines (never the time of day). */
double sg_clock_ms(void);
void sg_sleep_ms(long ms);

#endif
