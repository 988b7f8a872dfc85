#!/usr/bin/env python3
# check-help-translation.py: the translated user help is complete, valid and
# names the controls the translated app shows.
#
#   check-help-translation.py linguas HELP_LINGUAS LANG…
#       every language the app is translated into has a help translation
#   check-help-translation.py po HELP_PO PAGE…
#       HELP_PO translates every message of the pages (no fuzzy, none missing)
#   check-help-translation.py validate LANG HELP_PO PAGE…
#       the pages translated with HELP_PO, as meson installs them, validate
#   check-help-translation.py gui APP_PO HELP_PO PAGE…
#       every control the translated help names in a <gui> element is the
#       translation APP_PO gives to the control the English help names there
#   check-help-translation.py gui-C APP_POT PAGE…
#       every control the English help names is a message of the app
#
# PAGE… are the English pages (help/C/*.page and the files they include).
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    out = []
    i = 1
    while i < len(s) - 1:
        c = s[i]
        if c == '\\':
            i += 1
            c = {'n': '\n', 't': '\t', '"': '"', '\\': '\\'}.get(s[i], s[i])
        out.append(c)
        i += 1
    return ''.join(out)


def read_po(path):
    """The live entries of a PO file: dicts with ctxt, id, plural, strs
    (list), fuzzy and refs."""
    entries = []
    cur = None
    field = None

    def finish():
        if cur is not None and cur.get('id') is not None:
            entries.append(cur)

    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('#~') or not line.strip():
                if not line.strip():
                    finish()
                    cur, field = None, None
                continue
            if cur is None:
                cur = {'ctxt': None, 'id': None, 'plural': None, 'strs': [],
                       'fuzzy': False, 'refs': []}
            if line.startswith('#,'):
                cur['fuzzy'] = 'fuzzy' in line[2:].replace(',', ' ').split()
            elif line.startswith('#:'):
                cur['refs'] += line[2:].split()
            elif line.startswith('#'):
                pass
            elif line.startswith('msgctxt '):
                field = 'ctxt'
                cur['ctxt'] = unquote(line[8:])
            elif line.startswith('msgid_plural '):
                field = 'plural'
                cur['plural'] = unquote(line[13:])
            elif line.startswith('msgid '):
                field = 'id'
                cur['id'] = unquote(line[6:])
            elif line.startswith('msgstr['):
                field = 'str'
                cur['strs'].append(unquote(line[line.index(']') + 1:]))
            elif line.startswith('msgstr '):
                field = 'str'
                cur['strs'].append(unquote(line[7:]))
            elif line.startswith('"'):
                if field == 'str':
                    cur['strs'][-1] += unquote(line)
                else:
                    cur[field] += unquote(line)
    finish()
    return entries


def run(args, **kwargs):
    return subprocess.run(args, check=True, **kwargs)


def make_pot(pages, tmp):
    """The template of the pages, as meson's help-follicle-pot makes it."""
    pot = os.path.join(tmp, 'help.pot')
    page_dir = os.path.dirname(os.path.abspath(pages[0]))
    run(['itstool', '-o', pot] + [os.path.basename(p) for p in pages], cwd=page_dir)
    return pot


def short(text, n=90):
    text = ' '.join(text.split())
    return text if len(text) <= n else text[:n - 1] + '…'


GUI = re.compile(r'<gui(?:\s[^>]*)?>(.*?)</gui>', re.S)
TAG = re.compile(r'<[^>]+>')


def gui_labels(markup):
    """The labels of the <gui> elements of a message, whitespace collapsed;
    symbols such as + (the icon of a button) are not labels."""
    labels = []
    for m in GUI.finditer(markup):
        label = ' '.join(TAG.sub('', m.group(1)).split())
        label = label.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')
        if any(c.isalnum() for c in label):
            labels.append(label)
    return labels


def app_label(text):
    """A message of the app as it is shown: without mnemonic underscores."""
    return ' '.join(text.replace('_', '').split())


def check_linguas(linguas_path, langs):
    listed = []
    if os.path.exists(linguas_path):
        with open(linguas_path, encoding='utf-8') as f:
            for line in f:
                listed += line.split('#', 1)[0].split()
    missing = [lang for lang in langs if lang not in listed]
    for lang in missing:
        print(f'{linguas_path} does not list {lang}: the app is translated into {lang}, '
              f'its help is not', file=sys.stderr)
    if not missing:
        print('the help is translated into every language of the app:', ' '.join(langs))
    return 1 if missing else 0


def require_po(help_po):
    if not os.path.exists(help_po):
        print(f'{help_po} does not exist: the help is not translated '
              f'(make it with ninja -C build help-follicle-pot and msginit)', file=sys.stderr)
        sys.exit(1)


def check_po(help_po, pages):
    require_po(help_po)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['msgfmt', '--check', '-o', os.devnull, help_po], check=True)
        pot = make_pot(pages, tmp)
        merged = os.path.join(tmp, 'merged.po')
        run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, help_po, pot])
        missing = []
        for e in read_po(merged):
            if e['id'] == '':
                continue
            if e['fuzzy'] or not all(e['strs']):
                missing.append(e)
        total = len([e for e in read_po(pot) if e['id'] != ''])
        for e in missing:
            where = ' '.join(e['refs'][:1])
            state = 'fuzzy' if e['fuzzy'] and all(e['strs']) else 'untranslated'
            print(f'{help_po}: {state} ({where}): “{short(e["id"])}”', file=sys.stderr)
        if missing:
            print(f'{help_po}: {len(missing)} of {total} messages of the help are not translated; '
                  f'run ninja -C build help-follicle-update-po and translate them',
                  file=sys.stderr)
            return 1
        print(f'{help_po}: all {total} messages of the help translated')
        return 0


def check_validate(lang, help_po, pages):
    require_po(help_po)
    with tempfile.TemporaryDirectory() as tmp:
        mo = os.path.join(tmp, lang + '.mo')
        run(['msgfmt', help_po, '-o', mo])
        out = os.path.join(tmp, lang)
        os.mkdir(out)
        # The command gnome.yelp runs to make the installed pages.
        run(['itstool', '-m', mo, '--lang', lang, '-o', out + os.sep] + pages)
        built = sorted(os.path.join(out, os.path.basename(p))
                       for p in pages if p.endswith('.page'))
        status = 0
        for page in built:
            r = subprocess.run(['yelp-check', 'validate', page], cwd=out,
                               capture_output=True, text=True)
            if r.returncode != 0 or r.stdout.strip():
                print(f'{lang}/{os.path.basename(page)} does not validate:\n'
                      f'{r.stdout}{r.stderr}', file=sys.stderr)
                status = 1
            with open(page, encoding='utf-8') as f:
                if f'xml:lang="{lang}"' not in f.read():
                    print(f'{lang}/{os.path.basename(page)} is not marked as {lang}',
                          file=sys.stderr)
                    status = 1
        if status == 0:
            print(f'{len(built)} pages translated into {lang} validate')
        return status


def check_gui(app_po, help_po, pages):
    require_po(help_po)
    # English label -> the labels the translated app shows for it.
    shown = {}
    for e in read_po(app_po):
        if e['id'] and not e['fuzzy']:
            for s in e['strs']:
                if s:
                    shown.setdefault(app_label(e['id']), set()).add(app_label(s))
    with tempfile.TemporaryDirectory() as tmp:
        current = {e['id'] for e in read_po(make_pot(pages, tmp))}
    status = 0
    count = 0
    for e in read_po(help_po):
        if e['id'] not in current or e['fuzzy'] or not e['strs'] or not e['strs'][0]:
            continue
        english = gui_labels(e['id'])
        translated = gui_labels(e['strs'][0])
        where = ' '.join(e['refs'][:1])
        wanted = set()
        for label in english:
            names = shown.get(label)
            if not names:
                print(f'{app_po} has no translation of the control “{label}” '
                      f'that the help names ({where})', file=sys.stderr)
                status = 1
                continue
            wanted |= names
            if not names & set(translated):
                print(f'{help_po} ({where}): the control “{label}” must read '
                      f'{" or ".join("“%s”" % n for n in sorted(names))}, as the app shows it, '
                      f'in “{short(e["strs"][0])}”', file=sys.stderr)
                status = 1
        for label in translated:
            count += 1
            if label not in wanted:
                print(f'{help_po} ({where}): “{label}” is not a control the app shows '
                      f'for the English message “{short(e["id"])}”', file=sys.stderr)
                status = 1
    if status == 0:
        print(f'{help_po}: all {count} controls the help names are labels of the app')
    return status


def check_gui_c(app_pot, pages):
    labels = {app_label(e['id']) for e in read_po(app_pot) if e['id']}
    status = 0
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for e in read_po(make_pot(pages, tmp)):
            for label in gui_labels(e['id']):
                count += 1
                if label not in labels:
                    print(f'{" ".join(e["refs"][:1])} names “{label}”, which the app does not '
                          f'show (not a message of {app_pot})', file=sys.stderr)
                    status = 1
    if status == 0:
        print(f'all {count} controls the English help names are labels of the app')
    return status


def main(argv):
    if len(argv) < 3:
        print(__doc__ or 'usage: see the header of this script', file=sys.stderr)
        return 2
    mode = argv[1]
    if mode == 'linguas':
        return check_linguas(argv[2], argv[3:])
    if mode == 'po':
        return check_po(argv[2], argv[3:])
    if mode == 'validate':
        return check_validate(argv[2], argv[3], argv[4:])
    if mode == 'gui':
        return check_gui(argv[2], argv[3], argv[4:])
    if mode == 'gui-C':
        return check_gui_c(argv[2], argv[3:])
    print(f'unknown check {mode}', file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
