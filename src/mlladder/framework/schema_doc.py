"""The JSON Schema of framework files (docs/framework.schema.json), generated from the models.

Regenerate with ``python -m mlladder.framework.schema_doc > docs/framework.schema.json``; a test fails when the
file is out of date.
"""

from __future__ import annotations

import json

from mlladder.framework.schema import Framework

__all__ = ["framework_json_schema"]


def framework_json_schema() -> str:
    schema = Framework.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mlladder framework file"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(framework_json_schema(), end="")
