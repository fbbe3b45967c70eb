#include "util/privs.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#ifndef __linux__
/* No capabilities here: what root can do is given up by becoming another user (ifw_drop_user). */
int ifw_drop_privileges(struct ifw_err *err)
{
	(void)err;
	return 0;
}
#else
int ifw_drop_privileges(struct ifw_err *err)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return ifw_fail_errno(err, errno, "no_new_privs");
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capset, &hdr, data) < 0)
		return ifw_fail_errno(err, errno, "dropping capabilities");
	return 0;
}
#endif

/* Real, effective and saved ids at once. Linux says so with setresuid/setresgid; elsewhere (macOS
 * lacks them) POSIX setuid/setgid called by root set all three. */
static int set_all_gids(gid_t gid)
{
#ifdef __linux__
	return setresgid(gid, gid, gid);
#else
	return setgid(gid);
#endif
}

static int set_all_uids(uid_t uid)
{
#ifdef __linux__
	return setresuid(uid, uid, uid);
#else
	return setuid(uid);
#endif
}

int ifw_drop_user(const char *name, struct ifw_err *err)
{
	if (geteuid() != 0)
		return 0;
	errno = 0;
	const struct passwd *pw = getpwnam(name);
	if (!pw)
		return errno ? ifw_fail_errno(err, errno, "user %s", name) : 1;
	if (pw->pw_uid == 0)
		return ifw_fail(err, IFW_E_USAGE, "user %s is root", name);
	uid_t uid = pw->pw_uid;
	gid_t gid = pw->pw_gid;
	/* Groups first: after setresuid there is no privilege left to change them. A refusal
	 * (EPERM, or EINVAL for an id a user namespace does not map) leaves uid 0: reported as
	 * "not possible" (2), the caller goes on without capabilities. */
	if (setgroups(0, NULL) < 0) {
		ifw_fail_errno(err, errno, "setgroups");
		return 2;
	}
	if (set_all_gids(gid) < 0) {
		ifw_fail_errno(err, errno, "setting group id %u", (unsigned)gid);
		return 2;
	}
	if (set_all_uids(uid) < 0) {
		ifw_fail_errno(err, errno, "setting user id %u", (unsigned)uid);
		return 2;
	}
	/* No way back: if uid 0 could be regained, the drop did not happen. */
	if (setuid(0) == 0 || geteuid() == 0)
		return ifw_fail(err, IFW_E_SYS, "still root after becoming %s", name);
	return 0;
}
