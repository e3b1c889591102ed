/* triage-expect: triage_kernel_rootkit_source
 * Shape of a hiding kernel module: find the syscall table, hook getdents64, skip a prefix. */
#include <linux/module.h>
#include <linux/kallsyms.h>
#include <linux/dirent.h>

MODULE_LICENSE("GPL");
static const char *hide_prefix = "sample_hidden_";
static unsigned long *table;

static int __init start(void) {
    table = (unsigned long *) kallsyms_lookup_name("sys_call_table");
    /* the getdents64 entry would be swapped for a filter that drops names starting with hide_prefix */
    return table ? 0 : -1;
}
static void __exit stop(void) { }
module_init(start);
module_exit(stop);
