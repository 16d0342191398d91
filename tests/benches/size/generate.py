#!/usr/bin/env python3
"""Writes a profile of N exports, the shape of a group's data inventory: personal exports of
every kind (sensitive, not sensitive, employees, customers), important and general data, with
scenarios where a list names them. Used by tests/benches/size/bench.sh."""

import argparse

SUBJECTS = ["patient", "trial-subject", "professional", "business-contact", "other"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("exports", type=int, help="how many exports the profile has")
    parser.add_argument("--sector", default="biopharma")
    parser.add_argument("--as-of", default="2026-03-01")
    args = parser.parse_args()
    lines = [
        f'title = "A generated inventory of {args.exports} export flows"',
        f"as_of = {args.as_of}",
        "",
        "[handler]",
        'name = "Example Group Holdings Co., Ltd."',
        f'sector = "{args.sector}"',
        "ciio = false",
    ]
    for index in range(args.exports):
        lines += ["", "[[export]]", f'id = "flow-{index:06}"']
        shape = index % 10
        if shape == 8:
            lines += ['kind = "important"', "notified = false"]
        elif shape == 9:
            lines += ['kind = "general"']
        else:
            subject = SUBJECTS[index % len(SUBJECTS)]
            persons = 1 + (index * 7919) % 900
            lines += [
                'kind = "personal"',
                f'subject = "{subject}"',
                f"sensitive = {'true' if shape in (1, 4) else 'false'}",
                f"persons = {persons}",
            ]
            if shape == 6:
                lines += [f"exempt_persons = {persons // 2}"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
