/* libFuzzer target over the .schemagate.yaml reader. */
#include "gate/config.h"
#include "core/error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/sg-fuzz-config-XXXXXX";
	int fd = mkstemp(path);
	sg_config cfg;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	sg_config_init(&cfg);
	sg_config_load(&cfg, path);
	sg_config_release(&cfg);
	unlink(path);
	return 0;
}
