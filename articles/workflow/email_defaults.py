"""The first wording of each workflow e-mail, per language; editors reword them in the admin
(Notification e-mails). Placeholders: $title, $name, $status, $message, $url."""

DEFAULT_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "submit": {
        "en": (
            "New submission: $title",
            "Hello $name,\n\nA new piece was submitted: “$title”.\n\n$message\n\n"
            "Review it here: $url",
        ),
        "es": (
            "Nuevo envío: $title",
            "Hola, $name:\n\nSe ha enviado una nueva pieza: «$title».\n\n$message\n\n"
            "Revísela aquí: $url",
        ),
    },
    "resubmit": {
        "en": (
            "Revised submission: $title",
            "Hello $name,\n\nThe authors of “$title” sent a revised version.\n\n"
            "Their note:\n$message\n\nReview it here: $url",
        ),
        "es": (
            "Envío revisado: $title",
            "Hola, $name:\n\nLos autores de «$title» han enviado una versión revisada.\n\n"
            "Su nota:\n$message\n\nRevísela aquí: $url",
        ),
    },
    "withdraw": {
        "en": (
            "Submission withdrawn: $title",
            "Hello $name,\n\nThe authors withdrew “$title”.\n\n$message\n\n$url",
        ),
        "es": (
            "Envío retirado: $title",
            "Hola, $name:\n\nLos autores han retirado «$title».\n\n$message\n\n$url",
        ),
    },
    "start_review": {
        "en": (
            "Your piece is in review: $title",
            "Hello $name,\n\nThe editors have started reviewing “$title”.\n\n$message\n\n"
            "Follow it here: $url",
        ),
        "es": (
            "Su pieza está en revisión: $title",
            "Hola, $name:\n\nEl equipo editorial ha empezado a revisar «$title».\n\n"
            "$message\n\nSiga el proceso aquí: $url",
        ),
    },
    "request_revisions": {
        "en": (
            "Revisions requested: $title",
            "Hello $name,\n\nThe editors ask for revisions to “$title”.\n\n$message\n\n"
            "Edit and resubmit it here: $url",
        ),
        "es": (
            "Se solicitan cambios: $title",
            "Hola, $name:\n\nEl equipo editorial solicita cambios en «$title».\n\n$message\n\n"
            "Edítela y vuelva a enviarla aquí: $url",
        ),
    },
    "accept": {
        "en": (
            "Accepted: $title",
            "Hello $name,\n\nGood news: “$title” has been accepted for publication.\n\n"
            "$message\n\n$url",
        ),
        "es": (
            "Aceptada: $title",
            "Hola, $name:\n\nBuenas noticias: «$title» ha sido aceptada para su publicación."
            "\n\n$message\n\n$url",
        ),
    },
    "reject": {
        "en": (
            "Decision on $title",
            "Hello $name,\n\nThank you for sending “$title”. The editors have decided not to "
            "publish it.\n\n$message\n\n$url",
        ),
        "es": (
            "Decisión sobre $title",
            "Hola, $name:\n\nGracias por enviar «$title». El equipo editorial ha decidido no "
            "publicarla.\n\n$message\n\n$url",
        ),
    },
    "schedule": {
        "en": (
            "Scheduled: $title",
            "Hello $name,\n\n“$title” is scheduled for publication.\n\n$message\n\n$url",
        ),
        "es": (
            "Programada: $title",
            "Hola, $name:\n\n«$title» tiene fecha de publicación.\n\n$message\n\n$url",
        ),
    },
    "publish": {
        "en": (
            "Published: $title",
            "Hello $name,\n\n“$title” is now published.\n\n$message\n\nRead it here: $url",
        ),
        "es": (
            "Publicada: $title",
            "Hola, $name:\n\n«$title» ya está publicada.\n\n$message\n\nLéala aquí: $url",
        ),
    },
    "unpublish": {
        "en": (
            "Unpublished: $title",
            "Hello $name,\n\n“$title” has been unpublished.\n\n$message\n\n$url",
        ),
        "es": (
            "Retirada de publicación: $title",
            "Hola, $name:\n\n«$title» se ha retirado de la publicación.\n\n$message\n\n$url",
        ),
    },
    "correct": {
        "en": (
            "Correction published: $title",
            "Hello $name,\n\nA correction notice was added to “$title”.\n\n$message\n\n$url",
        ),
        "es": (
            "Corrección publicada: $title",
            "Hola, $name:\n\nSe ha añadido una nota de corrección a «$title».\n\n$message\n\n$url",
        ),
    },
}
