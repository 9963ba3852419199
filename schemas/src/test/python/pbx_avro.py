"""Decode pbx-kafka-bridge record values with Apache Avro's Python library (Debian: python3-avro).

Any Kafka client will do (confluent-kafka, kafka-python, ...): this module only needs the value
bytes of each record, plus the records of the pbx.schemas topic or the registry's URL.
"""
import io
import json
import urllib.request

import avro.io
import avro.schema
from avro.constants import PRIMITIVE_TYPES

_EMPTY = 0xC15D213AA4D7A795  # CRC-64-AVRO, as in the Avro specification
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


def fingerprint(schema):
    """CRC-64-AVRO of the schema's Parsing Canonical Form: the 8 bytes after C3 01."""
    fp = _EMPTY
    for byte in parsing_canonical_form(schema).encode("utf-8"):
        fp = (fp >> 8) ^ _TABLE[(fp ^ byte) & 0xFF]
    return fp


def parsing_canonical_form(schema):
    # python-avro writes a primitive with a logicalType as {"type":"long"}; the spec's form is "long".
    def primitive_names(node):
        if isinstance(node, dict):
            if list(node) == ["type"] and node["type"] in PRIMITIVE_TYPES:
                return node["type"]
            return {key: primitive_names(value) for key, value in node.items()}
        if isinstance(node, list):
            return [primitive_names(value) for value in node]
        return node
    return json.dumps(primitive_names(schema.to_canonical_json()), separators=(",", ":"), ensure_ascii=False)


def _read(writer, body):
    return avro.io.DatumReader(writer).read(avro.io.BinaryDecoder(io.BytesIO(body)))


class SchemaTopic:
    """Single-object encoding (C3 01 + fingerprint): writer schemas read from the pbx.schemas topic."""

    def __init__(self):
        self._schemas = {}

    def add(self, key, value):
        """One pbx.schemas record: key = 16 hex digits, value = schema JSON (both UTF-8)."""
        key = key.decode() if isinstance(key, bytes) else key
        schema = avro.schema.parse(value.decode() if isinstance(value, bytes) else value)
        if f"{fingerprint(schema):016x}" != key:
            raise ValueError(f"pbx.schemas record {key} holds a schema with fingerprint {fingerprint(schema):016x}")
        self._schemas[int(key, 16)] = schema

    def decode(self, value):
        if value[:2] != b"\xc3\x01":
            raise ValueError("not Avro single-object encoding: expected C3 01")
        fp = int.from_bytes(value[2:10], "little")
        if fp not in self._schemas:
            raise KeyError(f"writer schema {fp:016x} not in pbx.schemas (read the topic from the beginning)")
        return _read(self._schemas[fp], value[10:])


class Registry:
    """Confluent framing (00 + 4-byte schema id): writer schemas fetched once each from the registry."""

    def __init__(self, url):
        self._url = url.rstrip("/")
        self._schemas = {}

    def decode(self, value):
        if value[:1] != b"\x00":
            raise ValueError("not Confluent-framed Avro: expected magic byte 00")
        schema_id = int.from_bytes(value[1:5], "big")
        if schema_id not in self._schemas:
            with urllib.request.urlopen(f"{self._url}/schemas/ids/{schema_id}", timeout=10) as answer:
                self._schemas[schema_id] = avro.schema.parse(json.load(answer)["schema"])
        return _read(self._schemas[schema_id], value[5:])
