package dev.lightbox.http.cli.bulk;

/**
 * Something found while listing the inputs that cannot be imported: an unreadable or special file,
 * a broken symbolic link, a refused ZIP entry, a file a DICOMDIR names but that is absent.
 *
 * @param label the path (or {@code archive!entry}) as the operator gave or will find it
 * @param reason one line saying why
 */
public record PlanProblem(String label, String reason) {}
