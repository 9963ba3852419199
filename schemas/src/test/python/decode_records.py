"""Test driver of pbx_avro (run by the Java test PythonAvroConsumerTest).

stdin:  {"schemas": {key: schema JSON}, "single_object": [base64 value], "confluent": [base64 value],
         "registry": url or null}
stdout: {"fingerprints": {key: {"fingerprint": hex, "library_canonical_form": text}},
         "single_object": [record], "confluent": [record]}
Records are plain JSON: unions unwrapped, timestamps as epoch milliseconds, bytes as ISO-8859-1 text.
"""
import base64
import datetime
import json
import sys

import avro.schema

import pbx_avro

EPOCH = datetime.datetime.fromtimestamp(0, tz=datetime.timezone.utc)


def plain(datum):
    if isinstance(datum, dict):
        return {key: plain(value) for key, value in datum.items()}
    if isinstance(datum, list):
        return [plain(value) for value in datum]
    if isinstance(datum, datetime.datetime):
        return (datum - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(datum, bytes):
        return datum.decode("iso-8859-1")
    return datum


def main():
    task = json.load(sys.stdin)
    fingerprints = {}
    topic = pbx_avro.SchemaTopic()
    for key, text in task["schemas"].items():
        schema = avro.schema.parse(text)
        fingerprints[key] = {"fingerprint": f"{pbx_avro.fingerprint(schema):016x}",
                             "library_canonical_form": schema.canonical_form}
        if fingerprints[key]["fingerprint"] == key:
            topic.add(key, text)
    registry = pbx_avro.Registry(task["registry"]) if task.get("registry") else None
    json.dump({"fingerprints": fingerprints,
               "single_object": [plain(topic.decode(base64.b64decode(v))) for v in task.get("single_object", [])],
               "confluent": [plain(registry.decode(base64.b64decode(v))) for v in task.get("confluent", [])]},
              sys.stdout)


if __name__ == "__main__":
    main()
