"""(filled in by the manager review issue)"""

urlpatterns = []
