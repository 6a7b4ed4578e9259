"""One ``APIRouter`` per area: health, search, plan, chat."""
