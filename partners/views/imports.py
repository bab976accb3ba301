"""(filled in by the import/export issue)"""

urlpatterns = []
