#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU; its ICU headers clash with the ICU that Swift's
// Foundation ships. The tests never touch the ICU parts of libxml2, so leave them out.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/tree.h>

// xmlFree is a global function pointer, which Swift 6 treats as shared mutable state.
static inline void paperpages_xml_free(void *pointer) { xmlFree(pointer); }
