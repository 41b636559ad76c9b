#ifndef SG_VERSION_H
#define SG_VERSION_H

#define SG_VERSION "0.1.0"
#define SG_HOMEPAGE "https://github.com/schemagate/schemagate"

#endif
