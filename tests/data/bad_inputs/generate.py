#!/usr/bin/python3
"""Writes the bad-input corpus of the PHT rule set: tests/data/bad_inputs/cases/
and cases.yaml, the index of every case with the exact error it must produce.

    /usr/bin/python3 tests/data/bad_inputs/generate.py

The expected messages are derived here from rules/pht/schema.yaml and the
documented message forms (docs/limits.md, docs/cli.md), not by running
sitbone; tests/unit/schema/bad_inputs_test.cc checks that sitbone rejects every
case with exactly that message and never produces a result. Run it again after
a change of the schema and review the difference.
"""
import json
import os
import shutil

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
CASES = os.path.join(HERE, 'cases')


def fmt_number(v):
    """sitbone's FormatNumber: whole numbers without a fraction, else the shortest exact form."""
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def allowed(f):
    t = f['type']
    if t == 'tri':
        return 'yes, no or unknown'
    if t == 'test':
        return 'positive, negative or unknown'
    if t == 'enum':
        return ''.join(v + ', ' for v in f['values']) + 'or unknown'
    s = 'a whole number' if t == 'int' else 'a number'
    if 'range' in f:
        s += f" from {fmt_number(f['range'][0])} to {fmt_number(f['range'][1])}"
    if f.get('unit'):
        s += f" ({f['unit']})"
    return s + ', or null'


def not_valid(name, f, shown):
    return f"field '{name}': {shown} is not valid; allowed: {allowed(f)}"


class Corpus:
    def __init__(self):
        self.index = []

    def add(self, name, text, error, ext='json'):
        file = f'{len(self.index) + 1:03d}_{name}.{ext}'
        with open(os.path.join(CASES, file), 'wb') as out:
            out.write(text if isinstance(text, bytes) else text.encode('utf-8'))
        self.index.append({'file': file, 'error': error})

    def json_case(self, name, doc_text, message):
        self.add(name, doc_text, message)

    def yaml_case(self, name, text, line, column, message):
        file_no = len(self.index) + 1
        self.add(name, text, f'{file_no:03d}_{name}.yaml:{line}:{column}: {message}', 'yaml')


def main():
    with open(os.path.join(ROOT, 'rules', 'pht', 'schema.yaml'), encoding='utf-8') as f:
        fields = yaml.safe_load(f)['inputs']
    shutil.rmtree(CASES, ignore_errors=True)
    os.makedirs(CASES)
    c = Corpus()

    def src(name):  # the source name a case is parsed under: its file name
        return f'{len(c.index) + 1:03d}_{name}.json'

    # Per field: wrong types, out of range, not whole, not a declared value.
    for name, f in fields.items():
        t = f['type']
        pre = lambda case: src(f'{name}_{case}') + ': '
        if t in ('tri', 'test', 'enum'):
            c.json_case(f'{name}_number', json.dumps({name: 1}), pre('number') + not_valid(name, f, 'the number 1'))
            hint = ' (write "yes" or "no")' if t == 'tri' else ''
            c.json_case(f'{name}_boolean', json.dumps({name: True}),
                        pre('boolean') + not_valid(name, f, 'the boolean true' + hint))
            c.json_case(f'{name}_undeclared', json.dumps({name: 'maybe'}),
                        pre('undeclared') + not_valid(name, f, "'maybe'"))
            c.json_case(f'{name}_list', json.dumps({name: ['yes']}),
                        pre('list') + f"field '{name}': a list or object is not valid here")
        else:
            lo, hi = f['range']
            c.json_case(f'{name}_below', json.dumps({name: lo - 1}),
                        pre('below') + not_valid(name, f, fmt_number(lo - 1) + ' (out of range)'))
            c.json_case(f'{name}_above', json.dumps({name: hi + 1}),
                        pre('above') + not_valid(name, f, fmt_number(hi + 1) + ' (out of range)'))
            c.json_case(f'{name}_text', json.dumps({name: str(lo)}),
                        pre('text') + not_valid(name, f, f"the text '{fmt_number(lo)}'"))
            if t == 'int':
                c.json_case(f'{name}_fraction', json.dumps({name: lo + 0.5}),
                            pre('fraction') + not_valid(name, f, fmt_number(lo + 0.5)))
            else:
                c.json_case(f'{name}_object', json.dumps({name: {'value': lo}}),
                            pre('object') + f"field '{name}': a list or object is not valid here")

    # Unknown fields, with and without a suggestion.
    names = list(fields)
    for name in names[:12]:
        typo = name[:-1]
        doc = json.dumps({typo: None})
        c.json_case(f'unknown_{typo}', doc, src(f'unknown_{typo}') + f": unknown field '{typo}'; did you mean '{name}'?")
    c.json_case('unknown_far', json.dumps({'qqqq_zzzz': 1}), src('unknown_far') + ": unknown field 'qqqq_zzzz'")

    # Documents that are not one assessment object.
    for name, text, message in [
        ('array', '[1, 2]', 'an assessment must be a JSON object of field: value'),
        ('duplicate', '{"onset": "gradual", "onset": "sudden_traumatic"}',
         "duplicate key 'onset': each field may appear once"),
        ('huge_number', '{"bmi": 1e309}', 'invalid JSON: a number is out of range (larger than about 1.8e308)'),
        ('huge_integer', '{"bmi": ' + '9' * 400 + '}', 'invalid JSON: a number is out of range (larger than about 1.8e308)'),
    ]:
        c.json_case(name, text, src(name) + ': ' + message)

    # Truncations of a valid assessment: every prefix that is not whole.
    whole = '{"onset": "gradual", "pain_worst_24h_nrs": 7, "saddle_anaesthesia": "no"}'
    for cut in (1, 2, 9, 10, 19, 20, 21, 44, 45, 46, 70, 71, len(whole) - 1):
        text = whole[:cut]
        c.json_case(f'truncated_{cut}', text, None)
        c.index[-1]['error'] = None  # the exact nlohmann message is its own; position and prefix are checked
        c.index[-1]['error_prefix'] = f'{c.index[-1]["file"]}:1:'
        c.index[-1]['error_contains'] = 'invalid JSON: syntax error'
    # Hostile text (issue: hostile input).
    c.json_case('nul_between_objects', b'{"onset":"gradual"}\0{"saddle_anaesthesia":"yes"}',
                src('nul_between_objects') + ':1:20: the text contains a NUL byte (0x00), which is never valid here')
    c.json_case('trailing_nul', b'{"onset":"gradual"}\0',
                src('trailing_nul') + ':1:20: the text contains a NUL byte (0x00), which is never valid here')
    c.json_case('invalid_utf8_value', b'{"onset": "grad\xffual"}',
                src('invalid_utf8_value') + ':1:16: the text is not valid UTF-8 (byte 0xFF)')
    c.json_case('overlong_utf8', b'{"onset": "\xc0\xaf"}',
                src('overlong_utf8') + ':1:12: the text is not valid UTF-8 (byte 0xC0)')
    c.json_case('surrogate_utf8', b'{"onset": "\xed\xa0\x80"}',
                src('surrogate_utf8') + ':1:12: the text is not valid UTF-8 (byte 0xED)')
    c.json_case('deep_array', '[' * 5000 + ']' * 5000,
                src('deep_array') + ': limit exceeded: objects and arrays nest more than 16 deep')
    c.json_case('deep_object', '{"a":' * 40 + '1' + '}' * 40,
                src('deep_object') + ': limit exceeded: objects and arrays nest more than 16 deep')
    c.json_case('long_key', '{"' + 'x' * 2000 + '": 1}',
                src('long_key') + ': limit exceeded: a key is 2000 bytes long, more than the limit of 1024')
    c.yaml_case('second_document', 'onset: gradual\n---\nsaddle_anaesthesia: "yes"\n', 2, 1,
                'a second YAML document starts here; only one is read')
    c.yaml_case('document_end_then_more', 'onset: gradual\n...\nsaddle_anaesthesia: "yes"\n', 3, 1,
                'a second YAML document starts here; only one is read')
    c.yaml_case('anchor', 'pain_worst_24h_nrs: &a "7"\n', 1, 21, 'YAML anchors (&name) are not accepted')
    c.yaml_case('tag', 'rest_or_night_pain: !!str null\n', 1, 21, 'explicit YAML tags (such as !!str) are not accepted')
    bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n' + ''.join(
        f'{k}: &{k} [' + ', '.join(f'*{p}' for _ in range(10)) + ']\n' for p, k in zip('abcdefgh', 'bcdefghi'))
    c.yaml_case('alias_bomb', bomb, 1, 4, 'YAML anchors (&name) are not accepted')
    c.yaml_case('hex_number', 'pain_worst_24h_nrs: 0x7\n', 1, 21,
                not_valid('pain_worst_24h_nrs', fields['pain_worst_24h_nrs'], "the text '0x7'"))
    c.yaml_case('inf_number', 'bmi: .inf\n', 1, 6, not_valid('bmi', fields['bmi'], "the text '.inf'"))
    c.yaml_case('quoted_number', 'pain_worst_24h_nrs: "7"\n', 1, 21,
                not_valid('pain_worst_24h_nrs', fields['pain_worst_24h_nrs'], "the text '7'"))
    c.yaml_case('yaml_1_1_boolean', 'saddle_anaesthesia: yes\n', 1, 21, None)
    c.index.pop()  # `yes` unquoted is the text 'yes' in YAML 1.2: valid, so not a bad input
    os.remove(os.path.join(CASES, f'{len(c.index) + 1:03d}_yaml_1_1_boolean.yaml'))
    c.yaml_case('list_value', 'onset: [gradual]\n', 1, 8, "field 'onset': a list or mapping is not valid here")
    c.yaml_case('not_a_mapping', '- onset\n', 1, 1, None)
    c.index[-1]['error'] = f'{c.index[-1]["file"]}: an assessment must be a mapping of field: value'
    c.yaml_case('unclosed_quote', 'onset: "gradual\nsaddle_anaesthesia: yes\n', 1, 8,
                'YAML syntax error: the quoted text that starts here is never closed')
    c.yaml_case('syntax_error', 'onset: [gradual\n', 2, 1, None)
    c.index[-1]['error'] = None
    c.index[-1]['error_prefix'] = c.index[-1]['file'] + ':'
    c.index[-1]['error_contains'] = 'YAML syntax error'

    with open(os.path.join(HERE, 'cases.yaml'), 'w', encoding='utf-8') as out:
        out.write('# Generated by tests/data/bad_inputs/generate.py; do not edit by hand.\n'
                  '# Every case must be rejected with exactly `error` (or, where the parser words it,\n'
                  '# an error starting with `error_prefix` and containing `error_contains`).\n')
        yaml.safe_dump({'cases': c.index}, out, sort_keys=False, allow_unicode=True, width=200)
    print(f'{len(c.index)} cases')


if __name__ == '__main__':
    main()
