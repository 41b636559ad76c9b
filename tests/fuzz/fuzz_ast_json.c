/* libFuzzer target over the parse-tree reader (checks/pg_ast.c). */
#include "checks/pg_ast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool count_visit(const sg_node *node, const char *tag, void *data)
{
	(void)node;
	(void)tag;
	++*(size_t *)data;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *json = malloc(size + 1);
	sg_node *root;
	size_t visited = 0;

	if (!json)
		return 0;
	memcpy(json, data, size);
	json[size] = '\0';
	root = ast_parse_json(json);
	if (root) {
		ast_walk(root, count_visit, &visited);
		(void)ast_min_location(root);
		(void)ast_str(root, "stmts");
		AST_EACH(it, ast_list(root, "stmts"))
			(void)ast_sval(ast_field(it, "stmt"));
	}
	ast_free(root);
	free(json);
	return 0;
}
