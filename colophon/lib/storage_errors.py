"""What the media storage raises when it cannot take or drop a file just now.

A full or read-only disk raises OSError; an unreachable or refusing S3 bucket raises
botocore's errors. botocore is loaded only when the S3 storage is in use (importing it
costs tens of milliseconds in every process), so its errors are looked up then.
"""

import sys


def storage_errors() -> tuple[type[Exception], ...]:
    botocore = sys.modules.get("botocore.exceptions")
    if botocore is None:
        return (OSError,)
    return (OSError, botocore.BotoCoreError, botocore.ClientError)
