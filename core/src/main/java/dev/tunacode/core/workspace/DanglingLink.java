package dev.tunacode.core.workspace;

/**
 * A symlink a path argument named whose target does not exist: a name that exists, and leads nowhere.
 *
 * @param link   the link's path relative to the root, as the walk reached it
 * @param target the path relative to the root that it leads to, which does not exist
 * @param entry  true when the link is the argument's last name, false when it stands for a folder on the way
 */
public record DanglingLink(String link, String target, boolean entry) {
}
