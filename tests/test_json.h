/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the tests that read netmem-fwd's --json line: a number by dotted
 * path ("gso.skbs"), each part looked up after the previous one (the object
 * has no repeated key on one path before its first occurrence); true/false
 * read as 1/0. Fails the test when absent. Include after <cmocka.h>.
 */
#ifndef NM_TEST_JSON_H
#define NM_TEST_JSON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline double jnum(const char *json, const char *path)
{
	char part[64], key[80];
	const char *p = json, *dot;

	while (*path != '\0') {
		size_t n;

		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		assert_true(n < sizeof(part));
		memcpy(part, path, n);
		part[n] = '\0';
		snprintf(key, sizeof(key), "\"%s\":", part);
		p = strstr(p, key);
		if (p == NULL) {
			printf("JSON has no %s: %s\n", key, json);
			fail();
		}
		p += strlen(key);
		path += n + (dot ? 1 : 0);
	}
	if (strncmp(p, "true", 4) == 0)
		return 1;
	if (strncmp(p, "false", 5) == 0)
		return 0;
	return strtod(p, NULL);
}

#endif /* NM_TEST_JSON_H */
