#!/usr/bin/env bash
# The release-tag grammar of the deployer (ReleaseTag.parse in deployer-core/src/main/java/org/maskrecommender/
# deployer/release/ReleaseTag.java), for the workflows; the only copy of it outside Java.
#
#   bash .github/scripts/release-tag.sh TAG
#
# TAG is a release tag when it is staging-recommender-vVERSION or production-recommender-vVERSION, optionally
# behind one refs/tags/, where VERSION is strict SemVer 2.0.0 with an optional pre-release (numeric identifiers
# without leading zeros, no empty identifiers) and no +build metadata, and the name without refs/tags/ is at most
# 128 characters. Nothing else is accepted: no whitespace, upper case, other prefixes or non-ASCII characters.
#
# A release tag: prints "ENVIRONMENT NAME" (staging or production; the tag without refs/tags/), exit status 0.
# Not a release tag: prints nothing, exit status 1 (the caller says why in its own words). Misuse: exit status 2.
#
# infra/src/test/java/org/maskrecommender/infra/ReleaseTagWorkflowTest.java runs the workflow steps that call this
# script against ReleaseTag.parse over one list of good and bad tags: change the grammar in both places at once.
set -euo pipefail
# Bytes and ASCII ranges whatever the runner's locale: [0-9] and [A-Za-z] must not match other scripts' letters
# and digits (Java's classes are ASCII). A non-ASCII tag is refused by the regex, so counting bytes instead of
# characters changes no verdict.
LC_ALL=C

if (( $# != 1 )); then
  echo "usage: release-tag.sh TAG" >&2
  exit 2
fi
name=${1#refs/tags/}
re='^(staging|production)-recommender-v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?$'
if (( ${#name} > 128 )) || ! [[ "$name" =~ $re ]]; then
  exit 1
fi
echo "${BASH_REMATCH[1]} $name"
