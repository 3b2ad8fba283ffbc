/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU a benchmark ran on, reported with every figure: the same code
 * ranks differently on AMD EPYC and Intel Xeon (docs/performance.md).
 */
#ifndef BENCH_CPU_H
#define BENCH_CPU_H

#include <stdio.h>
#include <string.h>

/* The "model name" of /proc/cpuinfo into @buf (or "unknown"), JSON-safe. */
static inline const char *bench_cpu_model(char *buf, size_t n)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(buf, n, "unknown");
	if (f == NULL)
		return buf;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *v = strchr(line, ':');

		if (strncmp(line, "model name", 10) != 0 || v == NULL)
			continue;
		v += strspn(v + 1, " \t") + 1;
		v[strcspn(v, "\n")] = '\0';
		for (char *c = v; *c != '\0'; c++)
			if (*c == '"' || *c == '\\')
				*c = ' ';
		snprintf(buf, n, "%s", v);
		break;
	}
	fclose(f);
	return buf;
}

#endif /* BENCH_CPU_H */
